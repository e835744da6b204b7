package com.geminigateway.bench;

import java.net.URI;
import java.util.Map;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.Timeout;

/** The benchmark's own HTTP client: HttpClient 5 async, one I/O thread, a large keep-alive pool. */
final class LoadClient implements AutoCloseable {

    final CloseableHttpAsyncClient http;

    LoadClient(int maxConnections) {
        this.http = HttpAsyncClients.custom()
                .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(1).setTcpNoDelay(true).build())
                .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(maxConnections)
                        .setMaxConnPerRoute(maxConnections)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.ofSeconds(10))
                                .setSocketTimeout(Timeout.ofSeconds(60))
                                .build())
                        .build())
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableRedirectHandling()
                .build();
        http.start();
    }

    /** A POST of {@code body} as JSON with the given headers. */
    static SimpleHttpRequest post(URI uri, byte[] body, Map<String, String> headers) {
        SimpleRequestBuilder builder = SimpleRequestBuilder.post(uri).setBody(body, ContentType.APPLICATION_JSON);
        headers.forEach(builder::addHeader);
        return builder.build();
    }

    @Override
    public void close() {
        http.close(CloseMode.GRACEFUL);
    }
}
