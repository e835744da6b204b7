package com.geminigateway.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A real HTTP client for the tests (the JDK's), with the small helpers the tests repeat. */
public final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private Http() {
    }

    public static HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
    }

    public static HttpRequest.Builder authorized(String url) {
        return request(url).header("Authorization", "Bearer " + TestGateway.PASSWORD);
    }

    public static HttpRequest.Builder postJson(String url, String json) {
        return authorized(url)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }

    public static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static HttpResponse<InputStream> open(HttpRequest.Builder request) {
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Reads SSE events (the data of each event; comments ignored) from a stream as they arrive. */
    public static final class SseReader implements AutoCloseable {
        private final BufferedReader reader;
        private final InputStream in;
        private int comments;

        public SseReader(InputStream in) {
            this.in = in;
            this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        }

        /** The next event's data, or null at the end of the stream. */
        public String next() throws IOException {
            StringBuilder data = null;
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data != null) {
                        return data.toString();
                    }
                } else if (line.startsWith(":")) {
                    comments++;
                } else if (line.startsWith("data:")) {
                    String value = line.substring(5).stripLeading();
                    data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                }
            }
            return data == null ? null : data.toString();
        }

        public List<String> rest() throws IOException {
            List<String> events = new ArrayList<>();
            String e;
            while ((e = next()) != null) {
                events.add(e);
            }
            return events;
        }

        public int comments() {
            return comments;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
