package com.geminigateway.relay;

import com.geminigateway.errors.GatewayException;
import com.geminigateway.keys.Availability;
import com.geminigateway.keys.Failover;
import com.geminigateway.keys.Verdict;
import com.geminigateway.upstream.UpstreamFailure;
import java.time.Duration;
import java.util.Locale;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** Turns the upstream failure a request gave up on into the honest error its client receives. */
public final class UpstreamErrors {

    private static final Logger LOG = LogManager.getLogger(UpstreamErrors.class);

    static final Duration OVERLOAD_RETRY_AFTER = Duration.ofSeconds(5);

    private UpstreamErrors() {
    }

    /** The error to answer once a request's failover makes no further attempt. */
    public static GatewayException giveUp(Failover failover) {
        return failover.lastFailure()
                .map(f -> from(f, failover))
                .orElseGet(() -> noKey(failover.availability(), failover.model()));
    }

    /**
     * The error for a failed pooled call ({@link PooledCalls}): what its failover saw, a 502 for an answer
     * that could not be read, or a logged 500 for anything unexpected.
     */
    public static GatewayException of(Throwable error, String requestId) {
        Throwable cause = UpstreamFailure.unwrap(error);
        if (cause instanceof GaveUp gaveUp) {
            return giveUp(gaveUp.failover());
        }
        if (cause instanceof GatewayException e) {
            return e;
        }
        if (cause instanceof java.io.IOException || cause instanceof java.io.UncheckedIOException) {
            return new GatewayException(502, "server_error", "bad_upstream_response", null,
                    "Gemini sent a response the gateway could not read.", null);
        }
        LOG.error("[{}] unexpected failure", requestId, cause);
        return new GatewayException(500, "server_error", null, null, "Internal gateway error.", null);
    }

    /** The error as the client gets it, naming the request; server-side and rate-limit errors are logged. */
    public static GatewayException reported(String requestId, GatewayException e) {
        if (e.status() >= 500 || e.status() == 429) {
            LOG.warn("[{}] {} {}: {}", requestId, e.status(), e.code(), e.getMessage());
        }
        return e.forRequest(requestId);
    }

    /**
     * When no key can serve the model: 429 with Retry-After at the earliest moment one will (cooldowns,
     * the Pacific midnight, the minute window), or 503 when none will by itself.
     */
    public static GatewayException noKey(Availability availability, String model) {
        if (availability.keys() == 0) {
            return new GatewayException(503, "server_error", "no_api_keys", null,
                    "No Gemini API keys are configured on this gateway (GEMINI_API_KEYS).", null);
        }
        String what = model == null ? "this request" : model;
        if (availability.willRecover()) {
            return rateLimited("rate_limit_exceeded", "No Gemini API key of this gateway can serve " + what
                    + " right now: " + availability.why() + ".", availability.retryAfter());
        }
        String code = availability.modelUnavailable() ? "model_not_available" : "upstream_auth_failed";
        return new GatewayException(503, "server_error", code, null,
                "No usable Gemini API key for " + what + ": " + availability.why() + ".", null);
    }

    public static GatewayException from(UpstreamFailure failure, Failover failover) {
        Verdict verdict = failover.lastVerdict();
        String upstream = failover.pool().redact(failure.getMessage());
        if (verdict.blamesKey()) {
            Availability availability = failover.availability();
            if (availability.willRecover()) {
                String code = verdict.kind() == Verdict.Kind.BILLING ? "insufficient_quota" : "rate_limit_exceeded";
                return rateLimited(code, "Gemini refused every key tried (" + verdict.reason() + "): " + upstream,
                        availability.retryAfter());
            }
            return noKey(availability, failover.model());
        }
        return switch (verdict.kind()) {
            case CLIENT_ERROR -> clientError(failure, upstream);
            default -> transientError(failure, upstream);
        };
    }

    private static GatewayException rateLimited(String code, String message, Duration retryAfter) {
        String type = code.equals("insufficient_quota") ? code : "requests";
        return new GatewayException(429, type, code, null, message, retryAfter);
    }

    private static GatewayException clientError(UpstreamFailure failure, String upstream) {
        int status = failure.httpStatus();
        String lower = upstream.toLowerCase(Locale.ROOT);
        String googleStatus = failure.error().map(e -> e.status()).orElse("");
        if ("FAILED_PRECONDITION".equals(googleStatus) && lower.contains("location")) {
            return new GatewayException(503, "server_error", "upstream_region_unsupported", null,
                    "Gemini refuses this gateway's location: " + upstream, null);
        }
        if (status == 407) {
            return new GatewayException(502, "server_error", "upstream_proxy_auth_failed", null,
                    "The outbound proxy refused the gateway's credentials (check UPSTREAM_PROXY / HTTPS_PROXY).", null);
        }
        if (status == 404) {
            return new GatewayException(404, "invalid_request_error", "model_not_found", "model",
                    "Gemini: " + upstream, null);
        }
        if (status == 400 && (lower.contains("token count") || lower.contains("maximum number of tokens"))) {
            return new GatewayException(400, "invalid_request_error", "context_length_exceeded", "messages",
                    "Gemini: " + upstream, null);
        }
        if (status == 400) {
            return new GatewayException(400, "invalid_request_error", null, null, "Gemini: " + upstream, null);
        }
        if (status == 403) {
            return new GatewayException(403, "permission_error", "upstream_permission_denied", null,
                    "Gemini: " + upstream, null);
        }
        int passed = status >= 400 && status < 500 ? status : 502;
        return new GatewayException(passed, "invalid_request_error", null, null, "Gemini: " + upstream, null);
    }

    private static GatewayException transientError(UpstreamFailure failure, String upstream) {
        if (failure.kind() == UpstreamFailure.Kind.TIMEOUT || failure.httpStatus() == 504) {
            return new GatewayException(504, "server_error", "timeout", null,
                    "Gemini did not answer in time: " + upstream, null);
        }
        if (failure.httpStatus() == 503) {
            return new GatewayException(503, "service_unavailable_error", "server_is_overloaded", null,
                    "Gemini is overloaded: " + upstream, OVERLOAD_RETRY_AFTER);
        }
        if (failure.kind() == UpstreamFailure.Kind.NETWORK) {
            return new GatewayException(502, "server_error", "upstream_unreachable", null,
                    "Cannot reach Gemini: " + upstream, null);
        }
        return new GatewayException(502, "server_error", "upstream_error", null, "Gemini failed: " + upstream, null);
    }
}
