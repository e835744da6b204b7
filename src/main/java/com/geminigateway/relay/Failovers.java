package com.geminigateway.relay;

import com.geminigateway.keys.Failover;
import com.geminigateway.keys.KeyPool;

/**
 * The one place that starts a request's failover, for every route (chat, embeddings, native Gemini, model
 * list), so that a change in how keys are chosen is made here once.
 */
public final class Failovers {

    private final KeyPool pool;
    private final int maxAttempts;

    public Failovers(KeyPool pool, int maxAttempts) {
        this.pool = pool;
        this.maxAttempts = maxAttempts;
    }

    /** A fresh failover for one request to {@code model} (null for calls that name no model). */
    public Failover start(String model) {
        return new Failover(pool, maxAttempts);
    }

    public KeyPool pool() {
        return pool;
    }
}
