package com.geminigateway.web;

import com.geminigateway.app.Gateway;
import com.geminigateway.auth.Client;
import com.geminigateway.auth.ClientAuthenticator;
import com.geminigateway.errors.GatewayException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Works out who the client is ({@link Client}, from the gateway password or a client key) and attaches it
 * to the request; its address was settled before, by {@link AccessLogFilter}. The secret is taken where
 * the client's SDK sends keys: {@code Authorization: Bearer} (OpenAI SDKs), {@code x-api-key},
 * {@code x-goog-api-key} (Google SDKs) or, on /v1beta only, {@code ?key=}. Without a valid one the
 * request ends here with 401.
 */
public final class ClientAuthFilter extends HttpFilter {

    private ClientAuthenticator authenticator;

    @Override
    public void init() {
        Gateway gateway = Gateway.from(getServletContext());
        authenticator = gateway.authenticator();
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setHeader(RequestIds.HEADER, RequestIds.of(request));
        if ("OPTIONS".equals(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        boolean google = ApiRoutes.isGoogleRoute(ApiRoutes.pathWithinApp(request));
        Client client;
        try {
            client = authenticator.authenticate(presentedSecret(request, google));
        } catch (GatewayException e) {
            ApiRoutes.writeError(google, response, e);
            return;
        }
        request.setAttribute(Client.ATTRIBUTE, client);
        chain.doFilter(request, response);
    }

    static String presentedSecret(HttpServletRequest request, boolean google) {
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim();
        }
        String header = request.getHeader("x-api-key");
        if (header == null) {
            header = request.getHeader("x-goog-api-key");
        }
        if (header != null) {
            return header.trim();
        }
        if (google) {
            String query = request.getParameter("key");
            return query == null ? null : query.trim();
        }
        return null;
    }
}
