package com.geminigateway.ratelimit;

import com.geminigateway.errors.GatewayException;
import java.util.Optional;

/**
 * Whether a request may proceed, and the tightest limit it is under (for the X-RateLimit headers).
 *
 * @param quota   empty when no limit applies to the request
 * @param refusal the 429 to answer with, carrying Retry-After; empty when admitted
 */
public record RateLimitDecision(Optional<Quota> quota, Optional<GatewayException> refusal) {

    static final RateLimitDecision UNLIMITED = new RateLimitDecision(Optional.empty(), Optional.empty());

    public boolean admitted() {
        return refusal.isEmpty();
    }
}
