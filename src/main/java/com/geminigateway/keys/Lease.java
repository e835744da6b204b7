package com.geminigateway.keys;

import java.time.Instant;

/**
 * One attempt's hold on a key: it counts as in flight, and its request (with the estimated input tokens)
 * is already booked in the key's usage at {@link #at()}. The attempt ends it exactly once, by completing
 * (the booking is corrected with the real usage) or failing (the booking is taken back).
 */
public final class Lease {

    private final ApiKey key;
    private final String model;
    private final Instant at;
    private final long estimatedInputTokens;

    Lease(ApiKey key, String model, Instant at, long estimatedInputTokens) {
        this.key = key;
        this.model = model;
        this.at = at;
        this.estimatedInputTokens = estimatedInputTokens;
    }

    public ApiKey key() {
        return key;
    }

    /** Null for calls that are not about a model (the model list, key checks). */
    public String model() {
        return model;
    }

    public Instant at() {
        return at;
    }

    public long estimatedInputTokens() {
        return estimatedInputTokens;
    }
}
