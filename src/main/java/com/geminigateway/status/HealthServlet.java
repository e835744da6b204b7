package com.geminigateway.status;

import com.geminigateway.app.Gateway;
import com.geminigateway.json.Json;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Probes for load balancers and orchestrators, open and in JSON:
 * <pre>
 * GET /healthz  200 {"status":"UP","version":...,"uptimeSeconds":...}        the gateway runs
 * GET /readyz   200 {"ready":true,...} or 503 {"ready":false,...}             the model list is loaded and a key can serve
 * </pre>
 */
public final class HealthServlet extends HttpServlet {

    private StatusService service;

    @Override
    public void init() {
        service = Gateway.from(getServletContext()).status();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        int status = 200;
        if ("/readyz".equals(request.getServletPath())) {
            StatusData.Health health = service.health();
            status = health.ready() ? 200 : 503;
            body.put("ready", health.ready());
            body.put("modelsLoaded", health.modelsLoaded());
            body.put("models", health.models());
            body.put("usableKeys", health.usableKeys());
            body.put("keys", health.keys());
        } else {
            body.put("status", "UP");
            body.put("version", service.version());
            body.put("uptimeSeconds", service.uptime().toSeconds());
        }
        byte[] json = Json.toString(body).getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(json.length);
        response.getOutputStream().write(json);
    }
}
