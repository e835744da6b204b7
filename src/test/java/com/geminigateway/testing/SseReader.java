package com.geminigateway.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal blocking Server-Sent-Events reader for tests, for the fake's streams as well as the
 * gateway's. It accepts {@code \n}, {@code \r\n} and {@code \r} line endings, joins multi-line
 * {@code data:} fields with {@code \n}, ignores comments and other fields, and drops an unterminated
 * event at EOF (as the SSE spec says).
 * <pre>
 * HttpResponse&lt;InputStream&gt; response = client.send(request, BodyHandlers.ofInputStream());
 * try (SseReader sse = new SseReader(response.body())) {
 *     String first = sse.next();   // blocks until a whole event has arrived
 * }
 * </pre>
 * Not thread-safe: use it from one thread.
 */
public final class SseReader implements Closeable {

    private final InputStream in;
    private boolean skipLineFeed;  // the previous line ended with \r; a following \n belongs to it
    private int comments;

    public SseReader(InputStream in) {
        // BufferedInputStream.read() issues one read per refill, so it never waits for more than is available.
        this.in = new BufferedInputStream(in);
    }

    /** All event data of a complete SSE body. */
    public static List<String> readAll(InputStream in) throws IOException {
        List<String> events = new ArrayList<>();
        try (SseReader reader = new SseReader(in)) {
            for (String data = reader.next(); data != null; data = reader.next()) {
                events.add(data);
            }
        }
        return events;
    }

    /** The data of the next event, or null at the end of the stream. Blocks until a blank line ends an event. */
    public String next() throws IOException {
        StringBuilder data = null;
        for (String line = readLine(); line != null; line = readLine()) {
            if (line.isEmpty()) {
                if (data != null) {
                    return data.toString();
                }
                continue;  // blank line without data: nothing to dispatch
            }
            if (line.startsWith(":")) {
                comments++;
                continue;  // comment (the gateway's keep-alive heartbeats)
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            if (field.equals("data")) {
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            }
        }
        return null;
    }

    /** One line without its terminator, or null at the end of the stream (a partial last line is dropped). */
    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0; b = in.read()) {
            if (skipLineFeed) {
                skipLineFeed = false;
                if (b == '\n') {
                    continue;
                }
            }
            if (b == '\r') {
                skipLineFeed = true;
                return line.toString(StandardCharsets.UTF_8);
            }
            if (b == '\n') {
                return line.toString(StandardCharsets.UTF_8);
            }
            line.write(b);
        }
        return null;
    }

    /** How many comment lines (heartbeats) were skipped so far. */
    public int comments() {
        return comments;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
