package com.geminigateway.web;

import com.geminigateway.app.Gateway;
import com.geminigateway.auth.ClientAuthenticator;
import com.geminigateway.errors.GatewayException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Guards the administration API: only the gateway password, as {@code Authorization: Bearer}, opens it
 * (no other header and no query parameter, so client tools configured with other secrets never can).
 */
public final class AdminAuthFilter extends HttpFilter {

    private ClientAuthenticator authenticator;

    @Override
    public void init() {
        authenticator = Gateway.from(getServletContext()).authenticator();
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setHeader(RequestIds.HEADER, RequestIds.of(request));
        response.setHeader("Cache-Control", "no-store");
        String authorization = request.getHeader("Authorization");
        String presented = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : null;
        if (!authenticator.accepts(presented)) {
            ApiRoutes.writeError(false, response, new GatewayException(401, "invalid_request_error", "invalid_api_key", null,
                    "The administration API needs the gateway password as 'Authorization: Bearer <password>'.", null));
            return;
        }
        chain.doFilter(request, response);
    }
}
