package com.geminigateway.web;

import com.geminigateway.app.Gateway;
import com.geminigateway.auth.Client;
import com.geminigateway.net.ClientAddressResolver;
import com.geminigateway.telemetry.RequestTrace;
import com.geminigateway.telemetry.Telemetry;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The first filter every request passes: it settles the client's address ({@link ClientAddresses}), starts
 * the request's {@link RequestTrace} and, when the response has ended, writes its access log line and
 * metrics. For asynchronous responses (every API call, streams included) "ended" is the async context's
 * completion, so a stream's line carries its whole duration and what it used.
 */
public final class AccessLogFilter extends HttpFilter {

    private Telemetry telemetry;
    private ClientAddressResolver addresses;
    private boolean logPrompts;

    @Override
    public void init() {
        Gateway gateway = Gateway.from(getServletContext());
        telemetry = gateway.telemetry();
        addresses = gateway.addresses();
        logPrompts = gateway.config().logging().logPrompts();
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String requestId = RequestIds.of(request);
        request.setAttribute(ClientAddresses.ATTRIBUTE, addresses.resolve(request.getRemoteAddr(),
                Collections.list(request.getHeaders(addresses.header().headerName()))));
        RequestTrace trace = telemetry.begin(requestId, request.getMethod(), ApiRoutes.pathWithinApp(request));
        request.setAttribute(RequestTrace.ATTRIBUTE, trace);
        PromptCapture prompt = logPrompts && "POST".equals(request.getMethod()) ? new PromptCapture(request, requestId) : null;
        Ending ending = new Ending(trace, request, response, prompt);
        try {
            chain.doFilter(prompt != null ? prompt : request, response);
        } catch (IOException | ServletException | RuntimeException | Error e) {
            ending.failed(); // the container answers 500 after this filter has returned
            throw e;
        } finally {
            if (request.isAsyncStarted()) {
                request.getAsyncContext().addListener(ending);
            } else {
                ending.run();
            }
        }
    }

    /** Ends the trace exactly once: at the end of the dispatch, or when the async response completes. */
    private final class Ending implements AsyncListener {
        private final RequestTrace trace;
        private final HttpServletRequest request;
        private final HttpServletResponse response;
        private final PromptCapture prompt;
        private final AtomicBoolean done = new AtomicBoolean();
        private volatile boolean failed;

        Ending(RequestTrace trace, HttpServletRequest request, HttpServletResponse response, PromptCapture prompt) {
            this.trace = trace;
            this.request = request;
            this.response = response;
            this.prompt = prompt;
        }

        void failed() {
            failed = true;
        }

        void run() {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            if (prompt != null) {
                prompt.log();
            }
            int status = failed && response.getStatus() < 400 ? 500 : response.getStatus();
            String client = request.getAttribute(Client.ATTRIBUTE) instanceof Client c ? c.name() : null;
            telemetry.end(trace, status, client, ClientAddresses.of(request), request.getHeader("User-Agent"));
        }

        @Override
        public void onComplete(AsyncEvent event) {
            run();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            // the container completes the request next; onComplete writes the line
        }

        @Override
        public void onError(AsyncEvent event) {
            failed = true;
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            event.getAsyncContext().addListener(this); // listeners are dropped when async restarts
        }
    }
}
