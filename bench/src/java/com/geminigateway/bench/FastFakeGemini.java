package com.geminigateway.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.impl.BasicEntityDetails;
import org.apache.hc.core5.http.impl.bootstrap.AsyncServerBootstrap;
import org.apache.hc.core5.http.impl.bootstrap.HttpAsyncServer;
import org.apache.hc.core5.http.message.BasicHttpResponse;
import org.apache.hc.core5.http.nio.AsyncServerExchangeHandler;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.nio.DataStreamChannel;
import org.apache.hc.core5.http.nio.ResponseChannel;
import org.apache.hc.core5.http.protocol.DefaultHttpProcessor;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.http.protocol.ResponseConnControl;
import org.apache.hc.core5.http.protocol.ResponseContent;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.reactor.ListenerEndpoint;

/**
 * A Gemini stand-in built for load, not for assertions (the test FakeGemini records every request and
 * is far too slow for this). Non-blocking HttpCore 5 server with one I/O thread: generateContent gets one
 * static answer; streamGenerateContent gets {@code chunks} SSE events {@code spacing} ms apart, the first
 * at once. A prompt may carry {@code @chunks=N} and {@code @spacing=MS} to override the defaults, so the
 * same request shape works on the direct path and through the gateway.
 *
 * <p>Every streamed text starts with {@code t=<nanoTime>}, the moment the fake wrote that event: on Linux
 * {@link System#nanoTime()} is CLOCK_MONOTONIC, shared by every process on the machine, so a client on
 * the same machine measures the delivery delay of each event exactly.
 */
public final class FastFakeGemini implements AutoCloseable {

    static final String MODEL = "gemini-2.5-flash";
    static final byte[] MODELS = ("{\"models\":[{\"name\":\"models/" + MODEL + "\",\"displayName\":\"Gemini 2.5 Flash\","
            + "\"inputTokenLimit\":1048576,\"outputTokenLimit\":65536,"
            + "\"supportedGenerationMethods\":[\"generateContent\",\"countTokens\"]}]}").getBytes(StandardCharsets.UTF_8);
    /** A typical short answer: a few sentences, usage, model version and response id (~900 bytes). */
    static final byte[] REPLY = ("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\""
            + "The quick brown fox jumps over the lazy dog. ".repeat(12)
            + "\"}],\"role\":\"model\"},\"finishReason\":\"STOP\",\"index\":0}],"
            + "\"usageMetadata\":{\"promptTokenCount\":12,\"candidatesTokenCount\":120,\"totalTokenCount\":132,"
            + "\"promptTokensDetails\":[{\"modality\":\"TEXT\",\"tokenCount\":12}]},"
            + "\"modelVersion\":\"" + MODEL + "\",\"responseId\":\"b3VyIGZha2UgcmVzcG9uc2U\"}").getBytes(StandardCharsets.UTF_8);
    private static final ContentType SSE = ContentType.create("text/event-stream", StandardCharsets.UTF_8);
    private static final int MAX_SCANNED_BODY = 64 * 1024;

    private final HttpAsyncServer server;
    private final ScheduledExecutorService clock;
    private final int defaultChunks;
    private final int defaultSpacingMs;
    private final int port;

    public FastFakeGemini(int port, int defaultChunks, int defaultSpacingMs) throws Exception {
        this.defaultChunks = defaultChunks;
        this.defaultSpacingMs = defaultSpacingMs;
        this.clock = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fake-clock");
            t.setDaemon(true);
            return t;
        });
        this.server = AsyncServerBootstrap.bootstrap()
                .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(1).setTcpNoDelay(true)
                        .setBacklogSize(4096).build())
                .setHttpProcessor(new DefaultHttpProcessor(new ResponseContent(), new ResponseConnControl()))
                .setRequestRouter((request, context) -> Exchange::new) // any host, any path
                .create();
        server.start();
        ListenerEndpoint endpoint = server.listen(new InetSocketAddress("127.0.0.1", port), URIScheme.HTTP).get();
        this.port = ((InetSocketAddress) endpoint.getAddress()).getPort();
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        clock.shutdownNow();
        server.close(CloseMode.IMMEDIATE);
    }

    /** {@code --port N --chunks N --spacing-ms MS}; prints {@code FAKE_PORT=<port>} once listening. */
    public static void main(String[] args) throws Exception {
        int port = 0;
        int chunks = 20;
        int spacing = 50;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--chunks" -> chunks = Integer.parseInt(args[i + 1]);
                case "--spacing-ms" -> spacing = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        FastFakeGemini fake = new FastFakeGemini(port, chunks, spacing);
        System.out.println("FAKE_PORT=" + fake.port());
        System.out.flush();
        Thread.currentThread().join();
    }

    /** The bytes of one SSE event; the last one carries the finish reason and the usage. */
    static byte[] event(int index, int total, long sentNanos) {
        boolean last = index == total - 1;
        String text = "t=" + sentNanos + " chunk " + index + " of the answer, a few words long. ";
        return ("data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"" + text + "\"}],\"role\":\"model\"},"
                + (last ? "\"finishReason\":\"STOP\"," : "") + "\"index\":0}],"
                + "\"usageMetadata\":{\"promptTokenCount\":12,\"candidatesTokenCount\":" + (index + 1) * 12
                + ",\"totalTokenCount\":" + (12 + (index + 1) * 12) + "},"
                + "\"modelVersion\":\"" + MODEL + "\",\"responseId\":\"c3RyZWFtZWQgcmVzcG9uc2U\"}\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The number after {@code name} in the body, or {@code fallback}. */
    static int directive(byte[] body, int length, String name, int fallback) {
        String s = new String(body, 0, length, StandardCharsets.ISO_8859_1);
        int at = s.indexOf(name);
        if (at < 0) {
            return fallback;
        }
        int i = at + name.length();
        int value = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            value = value * 10 + (s.charAt(i++) - '0');
        }
        return i == at + name.length() ? fallback : value;
    }

    /** One request/response exchange on the reactor thread; the clock thread only queues stream events. */
    private final class Exchange implements AsyncServerExchangeHandler {
        private final byte[] body = new byte[MAX_SCANNED_BODY];
        private int bodyLength;
        private String path;
        private ResponseChannel responseChannel;
        private HttpContext context;
        // Static answers:
        private ByteBuffer reply;
        // Streams: event indexes due for writing, queued by the clock thread.
        private final Queue<Integer> due = new ConcurrentLinkedQueue<>();
        private volatile DataStreamChannel channel;
        private ByteBuffer current;
        private int total;
        private int written;

        @Override
        public void handleRequest(HttpRequest request, EntityDetails entity, ResponseChannel responseChannel,
                                  HttpContext context) throws HttpException, IOException {
            this.path = request.getPath();
            this.responseChannel = responseChannel;
            this.context = context;
            if (entity == null) {
                respond();
            }
        }

        @Override
        public void updateCapacity(CapacityChannel capacityChannel) throws IOException {
            capacityChannel.update(Integer.MAX_VALUE);
        }

        @Override
        public void consume(ByteBuffer src) {
            int take = Math.min(src.remaining(), body.length - bodyLength);
            src.get(body, bodyLength, take);
            bodyLength += take;
            src.position(src.limit());
        }

        @Override
        public void streamEnd(List<? extends Header> trailers) throws HttpException, IOException {
            respond();
        }

        private void respond() throws HttpException, IOException {
            if (path.contains(":streamGenerateContent")) {
                total = Math.max(1, directive(body, bodyLength, "@chunks=", defaultChunks));
                int spacing = directive(body, bodyLength, "@spacing=", defaultSpacingMs);
                BasicHttpResponse response = new BasicHttpResponse(200);
                response.addHeader("Content-Type", SSE.toString());
                responseChannel.sendResponse(response, new BasicEntityDetails(-1, SSE), context);
                long start = System.nanoTime();
                for (int i = 0; i < total; i++) {
                    int index = i;
                    long delay = start + TimeUnit.MILLISECONDS.toNanos((long) i * spacing) - System.nanoTime();
                    clock.schedule(() -> queue(index), Math.max(0, delay), TimeUnit.NANOSECONDS);
                }
            } else if (path.contains(":generateContent")) {
                sendStatic(200, REPLY);
            } else if (path.startsWith("/v1beta/models")) {
                sendStatic(200, MODELS);
            } else {
                sendStatic(404, "{\"error\":{\"code\":404,\"message\":\"not found\",\"status\":\"NOT_FOUND\"}}"
                        .getBytes(StandardCharsets.UTF_8));
            }
        }

        private void sendStatic(int status, byte[] bytes) throws HttpException, IOException {
            reply = ByteBuffer.wrap(bytes);
            BasicHttpResponse response = new BasicHttpResponse(status);
            response.addHeader("Content-Type", "application/json; charset=UTF-8");
            responseChannel.sendResponse(response, new BasicEntityDetails(bytes.length, ContentType.APPLICATION_JSON),
                    context);
        }

        private void queue(int index) {
            due.add(index);
            DataStreamChannel c = channel;
            if (c != null) {
                c.requestOutput();
            }
        }

        @Override
        public int available() {
            if (reply != null) {
                return reply.remaining();
            }
            return current != null || !due.isEmpty() ? 1 : 0;
        }

        @Override
        public void produce(DataStreamChannel out) throws IOException {
            if (reply != null) {
                out.write(reply);
                if (!reply.hasRemaining()) {
                    out.endStream();
                }
                return;
            }
            channel = out;
            while (current != null || !due.isEmpty()) {
                if (current == null) {
                    current = ByteBuffer.wrap(event(due.poll(), total, System.nanoTime()));
                }
                out.write(current);
                if (current.hasRemaining()) {
                    return; // the socket is full: called again when it drains
                }
                current = null;
                if (++written == total) {
                    out.endStream();
                    return;
                }
            }
        }

        @Override
        public void failed(Exception cause) {
            // The client went away; the scheduled events find nobody and are dropped.
        }

        @Override
        public void releaseResources() {
            channel = null;
        }
    }
}
