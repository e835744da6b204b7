package com.geminigateway.relay;

import com.geminigateway.errors.GatewayException;

import com.geminigateway.errors.GoogleErrors;

import com.geminigateway.keys.ApiKey;
import com.geminigateway.keys.Failover;
import com.geminigateway.upstream.RawStreamListener;
import com.geminigateway.upstream.UpstreamFailure;
import jakarta.servlet.AsyncContext;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.core.Response;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One native streamGenerateContent. Until Gemini's first body bytes arrive, a failure moves the request to
 * another key; after that the bytes are the client's and a failure just ends the response (Google's clients
 * detect a truncated stream themselves). Writes are ordered and never wait for the client
 * ({@link NonBlockingOutput}).
 */
final class NativeStream implements ActiveStreams.Terminable {

    private static final Logger LOG = LogManager.getLogger(NativeStream.class);

    private final String requestId;
    private final String model;
    private final String pathAndQuery;
    private final byte[] body;
    private final AsyncResponse async;
    private final AsyncContext servlet;
    private final NativeRelay relay;
    private final Failover failover;
    /** Chunks may end inside a UTF-8 sequence; the decoder keeps the rest for the next chunk. */
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    private ByteBuffer undecoded = ByteBuffer.allocate(0);
    private Attempt current;
    private NonBlockingOutput writer;
    private boolean done;

    NativeStream(String requestId, String model, String pathAndQuery, byte[] body, AsyncResponse async,
                 AsyncContext servlet, NativeRelay relay) {
        this.servlet = servlet;
        this.requestId = requestId;
        this.model = model;
        this.pathAndQuery = pathAndQuery;
        this.body = body;
        this.async = async;
        this.relay = relay;
        this.failover = relay.calls().failovers().start(model, body);
    }

    synchronized void start() {
        if (done) {
            return;
        }
        Optional<ApiKey> key = failover.next();
        if (key.isEmpty()) {
            finish();
            async.resume(relay.error(requestId, failover));
            return;
        }
        Attempt a = new Attempt(key.get());
        current = a;
        a.handle = relay.calls().client().passThrough(org.apache.hc.core5.http.Method.POST, pathAndQuery, body,
                key.get().secret(), a);
    }

    private void commit(String contentType) {
        if (writer != null) {
            return;
        }
        relay.calls().events().firstOutput(requestId);
        writer = new NonBlockingOutput(servlet, this::onClientGone);
        async.resume(Response.ok(writer.output()).type(contentType)
                .header("Cache-Control", "no-cache")
                .header("X-Accel-Buffering", "no")
                .build());
        writer.start();
    }

    private String decode(byte[] bytes, boolean last) {
        ByteBuffer in = ByteBuffer.allocate(undecoded.remaining() + bytes.length);
        in.put(undecoded).put(bytes).flip();
        CharBuffer out = CharBuffer.allocate((int) (in.remaining() * (double) decoder.maxCharsPerByte()) + 1);
        decoder.decode(in, out, last);
        if (last) {
            decoder.flush(out);
        }
        undecoded = in.slice();
        return out.flip().toString();
    }

    private void finish() {
        done = true;
        relay.streams().remove(this);
    }

    @Override
    public synchronized java.util.concurrent.CompletableFuture<Void> terminate(String reason) {
        if (done) {
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
        if (current != null) {
            current.abort();
        }
        finish();
        if (writer == null) {
            async.resume(GoogleErrors.response(new GatewayException(503, "service_unavailable_error", "shutting_down",
                    null, reason, java.time.Duration.ofSeconds(5))));
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
        writer.close(); // Google's stream formats have no error event: the client sees the stream end
        return writer.ended();
    }

    private synchronized void onClientGone() {
        if (done) {
            return;
        }
        finish();
        failover.completed(null);
        if (current != null) {
            current.abort();
        }
        LOG.info("[{}] client went away; upstream stream aborted", requestId);
    }

    /** One upstream attempt; callbacks from a superseded attempt are ignored. */
    private final class Attempt extends UpstreamAttempt implements RawStreamListener {
        String contentType;

        Attempt(ApiKey key) {
            super(key);
        }

        private boolean live() {
            return !done && current == this;
        }

        @Override
        public void onOpen(String type) {
            synchronized (NativeStream.this) {
                contentType = type;
            }
        }

        @Override
        public void onData(byte[] bytes) {
            synchronized (NativeStream.this) {
                if (!live()) {
                    if (done) {
                        abort();
                    }
                    return;
                }
                if (writer == null) {
                    relay.calls().events().answered(requestId, model, key.alias(), PooledCalls.since(started));
                }
                commit(contentType);
                String text = decode(bytes, false);
                if (!text.isEmpty()) {
                    writer.send(text);
                }
            }
        }

        @Override
        public void onComplete() {
            synchronized (NativeStream.this) {
                if (!live()) {
                    return;
                }
                failover.completed(null); // passed through unread: the pool keeps its estimate
                if (writer == null) {
                    relay.calls().events().answered(requestId, model, key.alias(), PooledCalls.since(started));
                }
                commit(contentType);
                String rest = decode(new byte[0], true);
                if (!rest.isEmpty()) {
                    writer.send(rest);
                }
                finish();
                writer.close();
            }
        }

        @Override
        public void onFailure(UpstreamFailure failure) {
            synchronized (NativeStream.this) {
                if (!live()) {
                    return;
                }
                boolean retry = relay.calls().failed(requestId, model, failover, key, failure, started);
                if (writer == null) {
                    if (retry) {
                        relay.calls().later(failover.backoff(), NativeStream.this::start);
                    } else {
                        finish();
                        async.resume(relay.error(requestId, failover));
                    }
                    return;
                }
                LOG.info("[{}] native stream cut after its start: {}", requestId,
                        failover.pool().redact(failure.getMessage()));
                finish();
                writer.close();
            }
        }
    }
}
