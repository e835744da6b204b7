package com.geminigateway.media;

import com.geminigateway.config.GatewayConfig;
import com.geminigateway.errors.GatewayException;
import com.geminigateway.gemini.Part;
import com.geminigateway.translate.MediaTypes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.async.methods.AbstractBinResponseConsumer;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.Method;
import org.apache.hc.core5.http.message.BasicHttpRequest;
import org.apache.hc.core5.http.nio.support.BasicRequestProducer;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Downloads the http(s) image URLs of a chat request when {@code IMAGE_URLS=fetch}, so they can go to
 * Gemini inline. Never a blind fetch: only public addresses (checked on the resolved address, so DNS tricks
 * do not help), no redirects, an image content type, a size limit and a time limit. Any failure is a 400
 * naming the URL. Asynchronous: no thread waits for an image.
 */
public final class ImageFetcher implements AutoCloseable {

    /** Downloads run in parallel; one request may not start more than this many. */
    static final int MAX_URLS = 16;

    private final GatewayConfig.ImageFetch config;
    private final Executor executor;
    /** Null while fetching is off: no client, no I/O threads. */
    private final CloseableHttpAsyncClient http;

    public ImageFetcher(GatewayConfig.ImageFetch config, Executor executor) {
        this.config = config;
        this.executor = executor;
        this.http = config.enabled() ? guardedClient(config) : null;
    }

    private CloseableHttpAsyncClient guardedClient(GatewayConfig.ImageFetch config) {
        Timeout timeout = Timeout.of(config.timeout());
        DnsResolver guarded = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                InetAddress[] addresses = SystemDefaultDnsResolver.INSTANCE.resolve(host);
                for (InetAddress address : addresses) {
                    if (!allowed(address)) {
                        throw new UnknownHostException(host + " resolves to a non-public address");
                    }
                }
                return addresses;
            }

            @Override
            public String resolveCanonicalHostname(String host) throws UnknownHostException {
                return SystemDefaultDnsResolver.INSTANCE.resolveCanonicalHostname(host);
            }
        };
        CloseableHttpAsyncClient client = HttpAsyncClients.custom()
                .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                        .setDnsResolver(guarded)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(timeout).setSocketTimeout(timeout).build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(timeout).build())
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAutomaticRetries()
                .setUserAgent("gemini-gateway")
                .build();
        client.start();
        return client;
    }

    /** Every URL's image, by URL; with fetching off, nothing (the translator then refuses the URLs). */
    public CompletableFuture<Map<String, Part.Blob>> fetchAll(Set<String> urls) {
        if (http == null || urls.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        if (urls.size() > MAX_URLS) {
            return CompletableFuture.failedFuture(GatewayException.invalidValue("At most " + MAX_URLS
                    + " image URLs per request are downloaded; send the others as data URIs.", "messages"));
        }
        List<String> list = List.copyOf(urls);
        List<CompletableFuture<Part.Blob>> downloads = list.stream().map(this::fetch).toList();
        return CompletableFuture.allOf(downloads.toArray(CompletableFuture[]::new)).thenApply(done -> {
            Map<String, Part.Blob> out = new LinkedHashMap<>();
            for (int i = 0; i < list.size(); i++) {
                out.put(list.get(i), downloads.get(i).join());
            }
            return out;
        });
    }

    private CompletableFuture<Part.Blob> fetch(String url) {
        CompletableFuture<Part.Blob> result = new CompletableFuture<>();
        URI uri;
        try {
            uri = URI.create(url);
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("no host");
            }
            InetAddress literal = literalAddress(uri.getHost());
            if (literal != null && !allowed(literal)) {
                return CompletableFuture.failedFuture(refused(url, "it points to a non-public address"));
            }
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(refused(url, "it is not a valid URL"));
        }
        ImageConsumer consumer = new ImageConsumer(config.maxBytes());
        BasicHttpRequest request = new BasicHttpRequest(Method.GET, uri);
        request.setHeader("Accept", "image/*");
        // Started off the caller's thread: connecting may resolve a host name, which blocks briefly.
        executor.execute(() -> http.execute(new BasicRequestProducer(request, null), consumer, new FutureCallback<>() {
            @Override
            public void completed(Part.Blob blob) {
                result.complete(blob);
            }

            @Override
            public void failed(Exception ex) {
                String why = ex instanceof ImageRefused r ? r.getMessage()
                        : ex instanceof UnknownHostException u && String.valueOf(u.getMessage()).contains("non-public")
                        ? "it points to a non-public address"
                        : ex.getClass().getSimpleName().contains("Timeout") ? "it did not answer in time"
                        : "it could not be downloaded (" + ex.getClass().getSimpleName() + ")";
                result.completeExceptionally(refused(url, why));
            }

            @Override
            public void cancelled() {
                result.completeExceptionally(refused(url, "the download was cancelled"));
            }
        }));
        return result.orTimeout(config.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .exceptionallyCompose(e -> CompletableFuture.failedFuture(
                        e instanceof TimeoutException ? refused(url, "it did not answer in time") : unwrap(e)));
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    private boolean allowed(InetAddress address) {
        return config.allowPrivateNetworks() || AddressGuard.isPublic(address);
    }

    /** The address of an IP-literal host, without a DNS lookup; null for a host name. */
    private static InetAddress literalAddress(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        boolean literal = h.contains(":") || h.matches("[0-9.]+");
        if (!literal) {
            return null;
        }
        try {
            return InetAddress.getByName(h);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static GatewayException refused(String url, String why) {
        String shown = url.length() > 200 ? url.substring(0, 200) + "..." : url;
        return GatewayException.invalidValue("Cannot use the image at " + shown + ": " + why + ".", "messages");
    }

    @Override
    public void close() {
        if (http == null) {
            return;
        }
        http.close(CloseMode.GRACEFUL);
        try {
            http.awaitShutdown(TimeValue.of(5, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A reason the download was refused, raised inside the consumer to stop reading. */
    private static final class ImageRefused extends IOException {
        ImageRefused(String message) {
            super(message);
        }
    }

    /** Reads an image body up to the limit; refuses anything but a 200 with an image type Gemini takes. */
    private static final class ImageConsumer extends AbstractBinResponseConsumer<Part.Blob> {
        private final long maxBytes;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private String mimeType;

        ImageConsumer(long maxBytes) {
            this.maxBytes = maxBytes;
        }

        @Override
        protected void start(HttpResponse response, ContentType contentType) throws IOException {
            int status = response.getCode();
            if (status != 200) {
                throw new ImageRefused(status / 100 == 3 ? "it redirects elsewhere (HTTP " + status + "); give the final URL"
                        : "the server answered HTTP " + status);
            }
            String type = contentType == null ? "" : MediaTypes.normalize(contentType.getMimeType());
            if (!MediaTypes.isImage(type)) {
                throw new ImageRefused("its content type '" + type + "' is not an image type Gemini takes"
                        + " (jpeg, png, webp, heic, heif, gif)");
            }
            Header length = response.getFirstHeader("Content-Length");
            if (length != null && parseLong(length.getValue()) > maxBytes) {
                throw new ImageRefused(tooLarge());
            }
            mimeType = type;
        }

        @Override
        protected int capacityIncrement() {
            return Integer.MAX_VALUE;
        }

        @Override
        protected void data(ByteBuffer src, boolean endOfStream) throws IOException {
            if (body.size() + src.remaining() > maxBytes) {
                throw new ImageRefused(tooLarge());
            }
            byte[] chunk = new byte[src.remaining()];
            src.get(chunk);
            body.write(chunk);
        }

        private String tooLarge() {
            return "it is larger than " + maxBytes / (1024 * 1024) + " MB";
        }

        private static long parseLong(String value) {
            try {
                return Long.parseLong(value.strip());
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        @Override
        protected Part.Blob buildResult() {
            return new Part.Blob(mimeType, Base64.getEncoder().encodeToString(body.toByteArray()));
        }

        @Override
        public void releaseResources() {
        }
    }
}
