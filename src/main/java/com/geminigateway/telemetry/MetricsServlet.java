package com.geminigateway.telemetry;

import com.geminigateway.app.Gateway;
import com.geminigateway.auth.Sha256;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /metrics}: Prometheus' text format. With METRICS_TOKEN set, only for
 * {@code Authorization: Bearer <token>} (compared in constant time); without it, open.
 */
public final class MetricsServlet extends HttpServlet {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private Telemetry telemetry;
    private Sha256 token;

    @Override
    public void init() {
        Gateway gateway = Gateway.from(getServletContext());
        telemetry = gateway.telemetry();
        token = gateway.config().monitoring().metricsToken().map(Sha256::of).orElse(null);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        if (token != null && !authorized(request.getHeader("Authorization"))) {
            response.setStatus(401);
            response.setHeader("WWW-Authenticate", "Bearer realm=\"metrics\"");
            response.setContentType("text/plain;charset=utf-8");
            response.getWriter().write("401: /metrics needs the METRICS_TOKEN as a Bearer token\n");
            return;
        }
        byte[] body = telemetry.scrape().getBytes(StandardCharsets.UTF_8);
        response.setContentType(CONTENT_TYPE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private boolean authorized(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return token.matches(Sha256.of(authorization.substring(7).trim()));
    }
}
