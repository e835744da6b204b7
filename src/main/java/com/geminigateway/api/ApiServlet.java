package com.geminigateway.api;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.glassfish.jersey.servlet.ServletContainer;

/**
 * Jersey's servlet for the /v1 and /v1beta applications, which also hands resources the servlet request being
 * served ({@link #currentRequest}). Jersey would inject it as a {@code @Context} parameter, but through HK2's
 * request scope: 2% of the gateway's CPU under load, for an object at hand here. Resource methods run on the
 * thread that entered {@link #service}, before they suspend; what runs later (completions, streams) gets the
 * request from them.
 */
public final class ApiServlet extends ServletContainer {

    private static final ThreadLocal<HttpServletRequest> SERVED = new ThreadLocal<>();

    @Override
    public void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        SERVED.set(request);
        try {
            super.service(request, response);
        } finally {
            SERVED.remove();
        }
    }

    /** The request whose resource method runs on this thread. */
    static HttpServletRequest currentRequest() {
        HttpServletRequest request = SERVED.get();
        if (request == null) {
            throw new IllegalStateException("not in a request served by " + ApiServlet.class.getName());
        }
        return request;
    }
}
