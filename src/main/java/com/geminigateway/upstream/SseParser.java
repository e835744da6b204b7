package com.geminigateway.upstream;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Splits a Gemini SSE body into event payloads. Accepts LF, CR and CRLF line endings, joins multi-line
 * {@code data:} fields with LF, ignores comments and other fields, and also accepts a bare JSON object
 * without a {@code data:} prefix (Google sometimes sends a mid-stream error that way, spread over several
 * lines), which it delimits by counting braces outside strings. Not thread-safe: one parser per stream.
 */
public final class SseParser {

    @FunctionalInterface
    public interface Listener {
        void onEvent(byte[] data) throws IOException;
    }

    private static final byte[] DATA = {'d', 'a', 't', 'a', ':'};

    private final Listener listener;
    private final int maxEventBytes;
    private final ByteBuilder line = new ByteBuilder(1024);
    private final ByteBuilder data = new ByteBuilder(1024);
    private boolean hasData;
    private boolean afterCr;

    // Bare JSON state: depth of braces and brackets outside strings, carried across lines.
    private boolean inBareJson;
    private int depth;
    private boolean inString;
    private boolean escaped;

    public SseParser(Listener listener, int maxEventBytes) {
        this.listener = listener;
        this.maxEventBytes = maxEventBytes;
    }

    public void feed(ByteBuffer src) throws IOException {
        while (src.hasRemaining()) {
            byte b = src.get();
            if (b == '\n') {
                if (afterCr) {
                    afterCr = false; // the LF of a CRLF pair
                    continue;
                }
                endLine();
            } else if (b == '\r') {
                afterCr = true;
                endLine();
            } else {
                afterCr = false;
                line.append(b);
                if (line.length() + data.length() > maxEventBytes) {
                    throw new IOException("Upstream event larger than " + maxEventBytes + " bytes");
                }
            }
        }
    }

    /** Call at end of body: an event not followed by a blank line is still delivered. */
    public void end() throws IOException {
        if (line.length() > 0) {
            endLine();
        }
        dispatch();
    }

    private void endLine() throws IOException {
        if (inBareJson) {
            appendBareJsonLine();
        } else if (line.length() == 0) {
            dispatch();
        } else if (line.startsWith(DATA)) {
            int start = DATA.length;
            if (line.length() > start && line.at(start) == ' ') {
                start++;
            }
            if (hasData) {
                data.append((byte) '\n');
            }
            for (int i = start; i < line.length(); i++) {
                data.append(line.at(i));
            }
            hasData = true;
        } else if (line.at(0) == '{' || line.at(0) == '[') {
            dispatch();
            inBareJson = true;
            depth = 0;
            inString = false;
            escaped = false;
            appendBareJsonLine();
        }
        // Comments (":") and other fields (event:, id:, retry:) carry nothing for us.
        line.clear();
    }

    private void appendBareJsonLine() throws IOException {
        for (int i = 0; i < line.length(); i++) {
            byte b = line.at(i);
            data.append(b);
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (b == '\\') {
                    escaped = true;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '{' || b == '[') {
                depth++;
            } else if (b == '}' || b == ']') {
                depth--;
            }
        }
        data.append((byte) '\n');
        hasData = true;
        line.clear();
        if (depth <= 0) {
            inBareJson = false;
            dispatch();
        }
    }

    private void dispatch() throws IOException {
        if (!hasData) {
            return;
        }
        byte[] payload = data.toArray();
        data.clear();
        hasData = false;
        listener.onEvent(payload);
    }
}
