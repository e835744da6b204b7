package com.geminigateway.auth;

/**
 * A client key's own limits; 0 means "no limit of this kind". They apply on top of the global and
 * per-address limits.
 *
 * @param tokensPerDay input, output and thinking tokens per Pacific day; checked before each request, so
 *                     the request that crosses the line finishes and the next one is refused
 */
public record ClientLimits(int requestsPerMinute, int requestsPerDay, long tokensPerDay) {

    public static final ClientLimits NONE = new ClientLimits(0, 0, 0);

    public ClientLimits {
        if (requestsPerMinute < 0 || requestsPerDay < 0 || tokensPerDay < 0) {
            throw new IllegalArgumentException("limits cannot be negative");
        }
    }
}
