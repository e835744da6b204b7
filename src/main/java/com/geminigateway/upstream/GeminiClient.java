package com.geminigateway.upstream;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import com.geminigateway.config.GatewayConfig;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.async.methods.AbstractBinResponseConsumer;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.Method;
import org.apache.hc.core5.http.message.BasicHttpRequest;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.entity.AsyncEntityProducers;
import org.apache.hc.core5.http.nio.support.BasicRequestProducer;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The one shared asynchronous HTTP client to Gemini. The API key travels in the {@code x-goog-api-key}
 * header, never in the URL, so it cannot end up in an access log on the way.
 */
public final class GeminiClient implements AutoCloseable {

    /** A non-streamed answer is read whole; anything larger than this is not a Gemini response. */
    private static final int MAX_BODY_BYTES = 64 * 1024 * 1024;
    /** Error bodies are short; keep at most this much of one. */
    private static final int MAX_ERROR_BYTES = 256 * 1024;

    private final String baseUrl;
    private final CloseableHttpAsyncClient http;

    public GeminiClient(GatewayConfig.Upstream upstream) {
        this.baseUrl = upstream.baseUrl().toString().replaceAll("/+$", "");
        Duration readTimeout = upstream.readTimeout();
        ConnectionConfig connection = ConnectionConfig.custom()
                .setConnectTimeout(Timeout.of(upstream.connectTimeout()))
                .setSocketTimeout(Timeout.of(readTimeout))
                .setTimeToLive(TimeValue.ofMinutes(5))
                .build();
        PoolingAsyncClientConnectionManagerBuilder connections = PoolingAsyncClientConnectionManagerBuilder.create()
                .setDefaultConnectionConfig(connection)
                .setMaxConnTotal(4096)
                .setMaxConnPerRoute(4096);
        // An extra CA bundle is read now, so that a bad one stops start-up; the JDK's own trust store on first use.
        connections.setTlsStrategy(upstream.caBundle().isPresent()
                ? ClientTlsStrategyBuilder.create().setSslContext(TlsTrust.withExtraCas(upstream.caBundle().get())).build()
                : new LazyTlsStrategy(DefaultClientTlsStrategy::createDefault));
        HttpAsyncClientBuilder builder = HttpAsyncClients.custom().setConnectionManager(connections.build());
        upstream.proxy().ifPresent(proxy -> useProxy(builder, proxy));
        this.http = builder
                // HttpClient's default is three 32 KB buffers per connection: 96 KB held by every open stream.
                // 8 KB reads and writes are as fast for Gemini's answers and cut the gateway's memory at
                // 1,000 streams by 70 MB.
                .setHttp1Config(Http1Config.custom().setBufferSize(8 * 1024).build())
                .setIOReactorConfig(IOReactorConfig.custom()
                        .setSoTimeout(Timeout.of(readTimeout))
                        .setTcpNoDelay(true)
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.of(readTimeout))
                        .setConnectionRequestTimeout(Timeout.ofSeconds(30))
                        .build())
                .disableCookieManagement()
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .setUserAgent("gemini-gateway")
                .build();
        this.http.start();
    }

    /** A buffered call; fails with {@link UpstreamFailure} on any non-2xx answer or transport error. */
    public CompletableFuture<byte[]> call(Method method, String pathAndQuery, byte[] body, String apiKey) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        BufferingConsumer consumer = new BufferingConsumer();
        http.execute(producer(method, pathAndQuery, body, apiKey), consumer, new FutureCallback<>() {
            @Override
            public void completed(byte[] bytes) {
                if (consumer.status / 100 == 2) {
                    result.complete(bytes);
                } else {
                    result.completeExceptionally(UpstreamFailure.fromResponse(consumer.status, bytes));
                }
            }

            @Override
            public void failed(Exception ex) {
                result.completeExceptionally(transportFailure(ex));
            }

            @Override
            public void cancelled() {
                result.completeExceptionally(UpstreamFailure.network("Upstream call cancelled", null));
            }
        });
        return result;
    }

    /** A streamed call ({@code alt=sse}); events reach the listener as they arrive. */
    public StreamHandle stream(String pathAndQuery, byte[] body, String apiKey, StreamListener listener) {
        SseParser parser = new SseParser(listener::onEvent, MAX_BODY_BYTES);
        return passThrough(Method.POST, pathAndQuery, body, apiKey, new RawStreamListener() {
            @Override
            public void onOpen(String contentType) {
                listener.onOpen();
            }

            @Override
            public void onData(byte[] bytes) throws IOException {
                parser.feed(ByteBuffer.wrap(bytes));
            }

            @Override
            public void onComplete() {
                try {
                    parser.end(); // an event not followed by a blank line is still delivered
                } catch (IOException e) {
                    listener.onFailure(UpstreamFailure.network(e.getMessage(), e));
                    return;
                }
                listener.onComplete();
            }

            @Override
            public void onFailure(UpstreamFailure failure) {
                listener.onFailure(failure);
            }
        });
    }

    /** A call whose 200 body is handed over byte for byte as it arrives (the native /v1beta routes). */
    public StreamHandle passThrough(Method method, String pathAndQuery, byte[] body, String apiKey, RawStreamListener listener) {
        StreamingConsumer consumer = new StreamingConsumer(listener);
        http.execute(producer(method, pathAndQuery, body, apiKey), consumer, new FutureCallback<>() {
            @Override
            public void completed(Void unused) {
                consumer.finish(null);
            }

            @Override
            public void failed(Exception ex) {
                consumer.finish(transportFailure(ex));
            }

            @Override
            public void cancelled() {
                consumer.finish(UpstreamFailure.network("Upstream call cancelled", null));
            }
        });
        return consumer::abort;
    }

    /** Requests to Gemini go through the proxy (CONNECT for https); credentials come from the proxy URL. */
    private static void useProxy(HttpAsyncClientBuilder builder, URI proxy) {
        HttpHost host = new HttpHost(proxy.getScheme(), proxy.getHost(),
                proxy.getPort() > 0 ? proxy.getPort() : ("https".equalsIgnoreCase(proxy.getScheme()) ? 443 : 80));
        builder.setProxy(host);
        String userInfo = proxy.getRawUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            String user = URLDecoder.decode(colon < 0 ? userInfo : userInfo.substring(0, colon), StandardCharsets.UTF_8);
            String password = colon < 0 ? "" : URLDecoder.decode(userInfo.substring(colon + 1), StandardCharsets.UTF_8);
            BasicCredentialsProvider credentials = new BasicCredentialsProvider();
            credentials.setCredentials(new AuthScope(host), new UsernamePasswordCredentials(user, password.toCharArray()));
            builder.setDefaultCredentialsProvider(credentials);
        }
    }

    private BasicRequestProducer producer(Method method, String pathAndQuery, byte[] body, String apiKey) {
        BasicHttpRequest request = new BasicHttpRequest(method, URI.create(baseUrl + pathAndQuery));
        request.setHeader("x-goog-api-key", apiKey);
        AsyncEntityProducer entity = body == null ? null : AsyncEntityProducers.create(body, ContentType.APPLICATION_JSON);
        return new BasicRequestProducer(request, entity);
    }

    private static UpstreamFailure transportFailure(Exception ex) {
        if (ex instanceof UpstreamFailure f) {
            return f;
        }
        if (ex instanceof SocketTimeoutException || ex instanceof java.util.concurrent.TimeoutException
                || ex.getClass().getSimpleName().contains("Timeout")) {
            return UpstreamFailure.timeout("Gemini did not answer in time", ex);
        }
        if (ex instanceof ConnectException) {
            return UpstreamFailure.network(String.valueOf(ex.getMessage()), ex);
        }
        return UpstreamFailure.network(ex.getMessage() != null ? ex.getMessage() : ex.getClass().getSimpleName(), ex);
    }

    @Override
    public void close() {
        http.close(CloseMode.GRACEFUL);
        try {
            http.awaitShutdown(TimeValue.of(5, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops a stream: the consumer throws at its next data callback, which resets the upstream exchange. */
    @FunctionalInterface
    public interface StreamHandle {
        void abort();
    }

    private static final class BufferingConsumer extends AbstractBinResponseConsumer<byte[]> {
        /** Larger answers grow as they arrive: a length announced is not yet a length received. */
        private static final int PRESIZED_MAX = 1024 * 1024;

        private ByteBuilder body = new ByteBuilder(0);
        private int status;

        @Override
        protected void start(HttpResponse response, ContentType contentType) {
            status = response.getCode();
            // Sized by Content-Length when Gemini sends one: no growing, and no copy at the end.
            Header length = response.getFirstHeader(HttpHeaders.CONTENT_LENGTH);
            long declared = -1;
            try {
                declared = length == null ? -1 : Long.parseLong(length.getValue().trim());
            } catch (NumberFormatException ignored) {
                // chunked or odd: grow as the bytes come
            }
            body = new ByteBuilder(declared >= 0 && declared <= PRESIZED_MAX ? (int) declared : 8192);
        }

        @Override
        protected int capacityIncrement() {
            return Integer.MAX_VALUE;
        }

        @Override
        protected void data(ByteBuffer src, boolean endOfStream) throws IOException {
            int limit = status / 100 == 2 ? MAX_BODY_BYTES : MAX_ERROR_BYTES;
            int take = Math.min(src.remaining(), limit - body.length());
            if (take < src.remaining() && status / 100 == 2) {
                throw new IOException("Gemini response larger than " + MAX_BODY_BYTES + " bytes");
            }
            body.append(src, take);
            src.position(src.limit());
        }

        @Override
        protected byte[] buildResult() {
            return body.finish();
        }

        @Override
        public void releaseResources() {
        }
    }

    /** Hands a 200 body to the listener as it arrives; keeps an error body for decoding. */
    private static final class StreamingConsumer extends AbstractBinResponseConsumer<Void> {
        private final RawStreamListener listener;
        private final AtomicBoolean finished = new AtomicBoolean();
        private volatile boolean aborted;
        private int status;
        private ByteBuilder errorBody;

        StreamingConsumer(RawStreamListener listener) {
            this.listener = listener;
        }

        void abort() {
            aborted = true;
            finished.set(true);
        }

        @Override
        protected void start(HttpResponse response, ContentType contentType) throws IOException {
            if (aborted) {
                throw new IOException("Stream aborted: the client went away");
            }
            status = response.getCode();
            if (status == 200) {
                listener.onOpen(contentType == null ? "application/json" : contentType.toString());
            } else {
                errorBody = new ByteBuilder(1024);
            }
        }

        @Override
        protected int capacityIncrement() {
            return Integer.MAX_VALUE;
        }

        @Override
        protected void data(ByteBuffer src, boolean endOfStream) throws IOException {
            if (aborted) {
                throw new IOException("Stream aborted: the client went away");
            }
            if (errorBody == null) {
                if (src.hasRemaining()) {
                    byte[] bytes = new byte[src.remaining()];
                    src.get(bytes);
                    listener.onData(bytes);
                }
            } else {
                while (src.hasRemaining() && errorBody.length() < MAX_ERROR_BYTES) {
                    errorBody.append(src.get());
                }
                src.position(src.limit());
            }
        }

        @Override
        protected Void buildResult() {
            return null;
        }

        void finish(UpstreamFailure failure) {
            if (aborted || !finished.compareAndSet(false, true)) {
                return;
            }
            if (failure != null) {
                listener.onFailure(failure);
            } else if (errorBody != null) {
                listener.onFailure(UpstreamFailure.fromResponse(status, errorBody.toArray()));
            } else {
                listener.onComplete();
            }
        }

        @Override
        public void releaseResources() {
        }
    }
}
