package com.geminigateway.web;

import com.geminigateway.errors.GatewayException;
import com.geminigateway.errors.GoogleErrors;
import com.geminigateway.errors.OpenAiErrors;
import com.geminigateway.errors.RetryAfter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Which error shape a path's clients understand, and writing an error outside Jersey in that shape. */
public final class ApiRoutes {

    private ApiRoutes() {
    }

    /** Google's SDKs talk to /v1beta; everything else speaks OpenAI. */
    public static boolean isGoogleRoute(String pathWithinApp) {
        return pathWithinApp != null && (pathWithinApp.equals("/v1beta") || pathWithinApp.startsWith("/v1beta/"));
    }

    public static String pathWithinApp(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        return context != null && !context.isEmpty() && uri.startsWith(context) ? uri.substring(context.length()) : uri;
    }

    public static void writeError(HttpServletRequest request, HttpServletResponse response, GatewayException e)
            throws IOException {
        writeError(isGoogleRoute(pathWithinApp(request)), response, e);
    }

    public static void writeError(boolean google, HttpServletResponse response, GatewayException e) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(e.status());
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        e.retryAfter().ifPresent(d -> response.setHeader("Retry-After", RetryAfter.seconds(d)));
        if (e.status() == 401 && !google) {
            response.setHeader("WWW-Authenticate", "Bearer");
        }
        byte[] body = (google ? GoogleErrors.json(e) : OpenAiErrors.json(e)).getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
