package com.geminigateway.web;

import com.geminigateway.errors.GatewayException;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The container's error page: errors that never reached Jersey (unknown top-level paths, failures in
 * filters) still get a JSON body in the route's own format, never Tomcat's HTML page or a stack trace.
 */
public final class ErrorServlet extends HttpServlet {

    private static final Logger LOG = LogManager.getLogger(ErrorServlet.class);

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 500;
        String uri = String.valueOf(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI));
        String context = request.getContextPath();
        String path = uri.startsWith(context) ? uri.substring(context.length()) : uri;
        Throwable error = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        String requestId = RequestIds.of(request);
        if (BodyDeadlineFilter.causedByReadTimeout(error)) {
            // The client stopped sending its body: the container notes the timeout as the request's error.
            LOG.info("[{}] request body on {} arrived too slowly", requestId, path);
            ApiRoutes.writeError(ApiRoutes.isGoogleRoute(path), response, GatewayException.requestTimeout());
            return;
        }
        if (error != null) {
            LOG.error("[{}] unhandled error on {}", requestId, path, error);
        }
        GatewayException e = switch (status) {
            case 404 -> GatewayException.notFound("Unknown route: " + path);
            case 405 -> new GatewayException(405, "invalid_request_error", "method_not_allowed", null,
                    "Method not allowed on " + path + ".", null);
            case 400 -> GatewayException.invalidRequest("Bad request.", null);
            default -> status >= 500 || status < 400
                    ? new GatewayException(500, "server_error", null, null,
                            "Internal gateway error (request " + requestId + ").", null)
                    : new GatewayException(status, "invalid_request_error", null, null, "Request failed.", null);
        };
        ApiRoutes.writeError(ApiRoutes.isGoogleRoute(path), response, e);
    }
}
