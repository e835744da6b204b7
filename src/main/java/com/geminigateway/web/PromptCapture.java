package com.geminigateway.web;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Keeps a copy of the first {@value #LIMIT} bytes of a request body as the application reads it, for
 * LOG_PROMPTS. Only used when that troubleshooting setting is on.
 */
final class PromptCapture extends HttpServletRequestWrapper {

    static final int LIMIT = 64 * 1024;

    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();
    private long total;
    private ServletInputStream stream;

    PromptCapture(HttpServletRequest request) {
        super(request);
    }

    /** What was read, as text, with how much there was when it was cut. */
    synchronized String captured() {
        String text = copy.toString(StandardCharsets.UTF_8);
        return total > LIMIT ? text + " ... (" + total + " bytes, first " + LIMIT + " shown)" : text;
    }

    private synchronized void keep(byte[] b, int off, int len) {
        if (len <= 0) {
            return;
        }
        total += len;
        int room = Math.max(0, LIMIT - copy.size());
        copy.write(b, off, Math.min(room, len));
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        if (stream == null) {
            ServletInputStream in = super.getInputStream();
            stream = new ServletInputStream() {
                @Override
                public int read() throws IOException {
                    int b = in.read();
                    if (b >= 0) {
                        keep(new byte[] {(byte) b}, 0, 1);
                    }
                    return b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = in.read(b, off, len);
                    keep(b, off, n);
                    return n;
                }

                @Override
                public boolean isFinished() {
                    return in.isFinished();
                }

                @Override
                public boolean isReady() {
                    return in.isReady();
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    in.setReadListener(listener);
                }

                @Override
                public int available() throws IOException {
                    return in.available();
                }

                @Override
                public void close() throws IOException {
                    in.close();
                }
            };
        }
        return stream;
    }
}
