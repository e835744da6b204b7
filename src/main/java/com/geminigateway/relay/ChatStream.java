package com.geminigateway.relay;

import com.geminigateway.errors.GatewayException;
import com.geminigateway.errors.OpenAiErrors;
import com.geminigateway.gemini.GenerateContentResponse;
import com.geminigateway.json.Json;
import com.geminigateway.keys.ApiKey;
import com.geminigateway.keys.Failover;
import com.geminigateway.translate.ChatStreamTranslator;
import com.geminigateway.upstream.StreamListener;
import com.geminigateway.upstream.UpstreamFailure;
import jakarta.servlet.AsyncContext;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One streamed chat. Until the response is committed to the client, any failure may move the request to
 * another key, and an answer without output (or with a malformed function call) is asked for once more;
 * after that the stream ends with an in-band error event instead. Frames wait in {@code pending} until
 * Gemini's first real output (or the heartbeat) commits the response. State changes happen under this
 * object's monitor: callbacks come from I/O threads, the heartbeat and the container (a client gone).
 */
final class ChatStream implements ActiveStreams.Terminable {

    private static final Logger LOG = LogManager.getLogger(ChatStream.class);
    static final String SSE_TYPE = "text/event-stream;charset=utf-8";

    private final ChatCall call;
    private final Failover failover;
    private final AsyncResponse async;
    private final AsyncContext servlet;
    private final ChatRelay relay;
    private final PooledCalls calls;
    private final long heartbeatNanos;
    private final List<String> pending = new ArrayList<>();
    private ChatStreamTranslator translator;
    private boolean retried;
    private boolean outputSent;
    private Attempt current;
    private NonBlockingOutput writer; // set once the response is committed
    private ScheduledFuture<?> heartbeatTask;
    private boolean done;

    ChatStream(ChatCall call, AsyncResponse async, AsyncContext servlet, ChatRelay relay) {
        this.call = call;
        this.async = async;
        this.servlet = servlet;
        this.relay = relay;
        this.calls = relay.calls();
        this.failover = calls.failovers().start(call.model(), call.body());
        this.heartbeatNanos = relay.heartbeat().toNanos();
    }

    void start() {
        relay.streams().add(this);
        // Checked four times per interval, so a pause just longer than the interval still gets its heartbeat.
        long period = Math.max(1, relay.heartbeat().toMillis() / 4);
        heartbeatTask = calls.scheduler().scheduleAtFixedRate(this::onHeartbeat, period, period, TimeUnit.MILLISECONDS);
        attempt();
    }

    private synchronized void attempt() {
        if (done) {
            return;
        }
        Optional<ApiKey> key = failover.next();
        if (key.isEmpty()) {
            failBeforeCommit(UpstreamErrors.giveUp(failover));
            return;
        }
        open(key.get());
    }

    private void open(ApiKey key) {
        Attempt a = new Attempt(key);
        current = a;
        translator = relay.newStreamTranslator(call); // nothing of an earlier attempt reached the client
        pending.clear();
        a.handle = calls.client().stream(call.streamPath(), call.body(), key.secret(), a);
    }

    private void commit() {
        if (writer != null) {
            return;
        }
        writer = new NonBlockingOutput(servlet, this::onClientGone);
        async.resume(Response.ok(writer.output())
                .type(SSE_TYPE)
                .header("Cache-Control", "no-cache")
                .header("X-Accel-Buffering", "no")
                .build());
        writer.start();
        pending.forEach(writer::send);
        pending.clear();
    }

    private void send(List<String> frames) {
        if (writer != null) {
            frames.forEach(writer::send);
        } else {
            pending.addAll(frames);
        }
    }

    private void onEvent(Attempt a, byte[] data) {
        GenerateContentResponse chunk;
        try {
            chunk = Json.read(data, GenerateContentResponse.class);
        } catch (IOException e) {
            onFailure(a, UpstreamFailure.network("Unreadable event from Gemini", e));
            return;
        }
        if (chunk.error() != null) {
            a.abort();
            onFailure(a, UpstreamFailure.inStream(chunk.error()));
            return;
        }
        if (a.events++ == 0) {
            calls.events().answered(call.requestId(), call.model(), a.key.alias(), PooledCalls.since(a.started));
        }
        List<String> frames = translator.onChunk(chunk);
        if (translator.hasOutput()) {
            if (!outputSent) {
                outputSent = true; // heartbeats may have committed the response before: they are not output
                calls.events().firstOutput(call.requestId());
            }
            commit();
        }
        send(frames);
    }

    private void onComplete(Attempt a) {
        if (writer == null && a.events == 0) {
            onFailure(a, UpstreamFailure.network("Gemini ended the stream without sending anything", null));
            return;
        }
        if (writer == null && !retried && translator.worthRetrying()) {
            retried = true;
            LOG.info("[{}] Gemini streamed no usable answer; asking once more", call.requestId());
            open(a.key);
            return;
        }
        commit();
        send(translator.finish());
        end();
    }

    private void onFailure(Attempt a, UpstreamFailure failure) {
        boolean retry = calls.failed(call.requestId(), call.model(), failover, a.key, failure, a.started);
        if (writer == null) {
            if (retry) {
                calls.later(failover.backoff(), this::attempt);
            } else {
                failBeforeCommit(UpstreamErrors.giveUp(failover));
            }
            return;
        }
        // Text already reached the client: never replay it on another key; end with an error event.
        GatewayException e = UpstreamErrors.giveUp(failover).forRequest(call.requestId());
        writer.send(ChatStreamTranslator.data(OpenAiErrors.envelope(e)));
        end();
    }

    private void failBeforeCommit(GatewayException e) {
        finish();
        relay.answerError(call, async, e);
    }

    private void end() {
        finish();
        call.usageRecorder().record(translator.lastUsage());
        failover.completed(translator.lastUsage());
        writer.close();
    }

    /** The one way a stream stops: no more heartbeats, no more callbacks, off the active list. */
    private void finish() {
        done = true;
        cancelHeartbeat();
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
        GatewayException e = new GatewayException(503, "service_unavailable_error", "shutting_down", null, reason,
                java.time.Duration.ofSeconds(5));
        if (writer == null) {
            failBeforeCommit(e);
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
        writer.send(ChatStreamTranslator.data(OpenAiErrors.envelope(e)));
        end();
        return writer.ended();
    }

    private synchronized void onClientGone() {
        if (done) {
            return;
        }
        finish();
        call.usageRecorder().record(translator.lastUsage());
        failover.completed(translator.lastUsage()); // Gemini served it, if only in part: it counts
        if (current != null) {
            current.abort();
        }
        LOG.info("[{}] client went away; upstream stream aborted", call.requestId());
    }

    private synchronized void onHeartbeat() {
        if (done) {
            return;
        }
        if (writer == null) {
            if (current == null || !current.opened) {
                return; // no answer from Gemini yet: keep the chance to fail over
            }
            // Gemini answered 200 but is still thinking: commit so the client (and proxies) see life.
            commit();
        }
        writer.heartbeatIfIdle(heartbeatNanos);
    }

    private void cancelHeartbeat() {
        if (heartbeatTask != null) {
            heartbeatTask.cancel(false);
        }
    }

    /** One upstream attempt; callbacks from a superseded attempt are ignored. */
    private final class Attempt extends UpstreamAttempt implements StreamListener {
        boolean opened;
        int events;

        Attempt(ApiKey key) {
            super(key);
        }

        private boolean live() {
            return !done && current == this;
        }

        @Override
        public void onOpen() {
            synchronized (ChatStream.this) {
                opened = true;
            }
        }

        @Override
        public void onEvent(byte[] data) {
            synchronized (ChatStream.this) {
                if (live()) {
                    ChatStream.this.onEvent(this, data);
                } else if (done) {
                    abort();
                }
            }
        }

        @Override
        public void onComplete() {
            synchronized (ChatStream.this) {
                if (live()) {
                    ChatStream.this.onComplete(this);
                }
            }
        }

        @Override
        public void onFailure(UpstreamFailure failure) {
            synchronized (ChatStream.this) {
                if (live()) {
                    ChatStream.this.onFailure(this, failure);
                }
            }
        }
    }
}
