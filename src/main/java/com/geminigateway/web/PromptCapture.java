package com.geminigateway.web;

import com.geminigateway.logs.LogSetup;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * For LOG_PROMPTS (troubleshooting only): keeps a copy of the first {@value #LIMIT} bytes of a request body
 * as the application reads it, and logs it once, as soon as the body has been read to its end or to its
 * announced length (or, for a body never read to its end, when the request ends).
 */
final class PromptCapture extends HttpServletRequestWrapper {

    private static final Logger PROMPTS = LogManager.getLogger(LogSetup.PROMPTS_LOGGER);
    static final int LIMIT = 64 * 1024;

    private final String requestId;
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();
    private long total;
    private boolean logged;
    private ServletInputStream stream;

    PromptCapture(HttpServletRequest request, String requestId) {
        super(request);
        this.requestId = requestId;
    }

    /** Logs what was read, unless that happened already. */
    synchronized void log() {
        if (logged) {
            return;
        }
        logged = true;
        String text = copy.toString(StandardCharsets.UTF_8);
        PROMPTS.debug("[{}] request body of {} {}: {}", requestId, getMethod(), ApiRoutes.pathWithinApp(this),
                total > LIMIT ? text + " ... (" + total + " bytes, first " + LIMIT + " shown)" : text);
    }

    private synchronized void keep(byte[] b, int off, int len) {
        if (len <= 0) {
            return;
        }
        total += len;
        int room = Math.max(0, LIMIT - copy.size());
        copy.write(b, off, Math.min(room, len));
        long announced = getContentLengthLong();
        if (announced >= 0 && total >= announced) {
            log(); // read to its announced end: a reader that stops there never sees the end of the stream
        }
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        if (stream == null) {
            stream = new ForwardingInputStream(super.getInputStream()) {
                @Override
                public int read() throws IOException {
                    int b = in.read();
                    if (b >= 0) {
                        keep(new byte[] {(byte) b}, 0, 1);
                    } else {
                        log();
                    }
                    return b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = in.read(b, off, len);
                    if (n < 0) {
                        log();
                    } else {
                        keep(b, off, n);
                    }
                    return n;
                }
            };
        }
        return stream;
    }
}
