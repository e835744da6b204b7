package com.geminigateway.web;

import com.geminigateway.app.Gateway;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.SocketTimeoutException;

/**
 * Gives a client REQUEST_BODY_TIMEOUT_SECONDS in total to send its request body, so one that trickles
 * a byte now and then cannot hold a container thread for ever. The connector's own timeout bounds each
 * single wait for data (20 s in the standalone server); this bounds the sum. Reading past the deadline
 * fails with a {@link SocketTimeoutException}, which the resources answer with 408.
 */
public final class BodyDeadlineFilter extends HttpFilter {

    private long timeoutNanos;

    @Override
    public void init() {
        timeoutNanos = Gateway.from(getServletContext()).config().limits().requestBodyTimeout().toNanos();
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        chain.doFilter(new DeadlineRequest(request, System.nanoTime() + timeoutNanos, timeoutNanos), response);
    }

    /** True if reading the body failed because the client sent too slowly (here or in the connector). */
    public static boolean causedByReadTimeout(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static final class DeadlineRequest extends HttpServletRequestWrapper {
        private final long deadline;
        private final long timeoutNanos;
        private ServletInputStream body;

        DeadlineRequest(HttpServletRequest request, long deadline, long timeoutNanos) {
            super(request);
            this.deadline = deadline;
            this.timeoutNanos = timeoutNanos;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (body == null) {
                body = new DeadlineStream(super.getInputStream(), deadline, timeoutNanos);
            }
            return body;
        }
    }

    private static final class DeadlineStream extends ForwardingInputStream {
        private final long deadline;
        private final long timeoutNanos;

        DeadlineStream(ServletInputStream in, long deadline, long timeoutNanos) {
            super(in);
            this.deadline = deadline;
            this.timeoutNanos = timeoutNanos;
        }

        @Override
        public int read() throws IOException {
            checkDeadline();
            int b = in.read();
            checkDeadline();
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            checkDeadline();
            int n = in.read(buffer, offset, length);
            checkDeadline();
            return n;
        }

        private void checkDeadline() throws SocketTimeoutException {
            if (System.nanoTime() - deadline > 0) {
                throw new SocketTimeoutException("The request body was not received within "
                        + timeoutNanos / 1_000_000_000L + " s");
            }
        }
    }
}
