package com.geminigateway.web;

import com.geminigateway.app.Gateway;
import com.geminigateway.auth.Client;
import com.geminigateway.auth.ClientPolicy;
import com.geminigateway.errors.GatewayException;
import com.geminigateway.ratelimit.Quota;
import com.geminigateway.ratelimit.RateLimitDecision;
import com.geminigateway.ratelimit.RateLimiter;
import com.geminigateway.telemetry.GatewayMetrics;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Applies the client rate limits after the client is known. What counts is every POST to the API
 * (chat completions, embeddings, Gemini's native generate/count/embed methods): the calls that spend
 * Gemini quota. Listing models (GET) and CORS preflights do not count, and neither does a request
 * already refused for its credentials. Counted responses carry X-RateLimit-Limit, -Remaining and
 * -Reset (seconds until the tightest limit is whole again); a refusal is a 429 in the route's format
 * with Retry-After.
 */
public final class RateLimitFilter extends HttpFilter {

    private static final Logger LOG = LogManager.getLogger(RateLimitFilter.class);

    private RateLimiter limiter;
    private GatewayMetrics metrics;

    @Override
    public void init() {
        Gateway gateway = Gateway.from(getServletContext());
        limiter = gateway.rateLimiter();
        metrics = gateway.telemetry().metrics();
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!"POST".equals(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        Client client = ClientPolicy.client(request);
        String address = ClientAddresses.of(request);
        RateLimitDecision decision = limiter.acquire(address, client);
        decision.quota().ifPresent(quota -> writeHeaders(response, quota));
        if (decision.refusal().isPresent()) {
            GatewayException refusal = decision.refusal().get();
            LOG.info("[{}] 429 for client {} at {}: {}", RequestIds.of(request), client.name(), address, refusal.getMessage());
            metrics.rateLimited(client.name(), refusal.type());
            ApiRoutes.writeError(request, response, refusal);
            return;
        }
        chain.doFilter(request, response);
    }

    private static void writeHeaders(HttpServletResponse response, Quota quota) {
        response.setHeader("X-RateLimit-Limit", Long.toString(quota.limit()));
        response.setHeader("X-RateLimit-Remaining", Long.toString(quota.remaining()));
        long millis = Math.max(0, quota.reset().toMillis());
        response.setHeader("X-RateLimit-Reset", Long.toString((millis + 999) / 1000));
    }
}
