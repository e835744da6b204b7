package com.geminigateway.relay;

import com.geminigateway.keys.Failover;
import com.geminigateway.keys.KeyPool;
import com.geminigateway.usage.TokenEstimator;

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

    /**
     * A fresh failover for one request to {@code model} (null for calls that name no model, such as the model
     * list); the body's estimated input tokens feed the pool's pre-check against the model's limits.
     */
    public Failover start(String model, byte[] body) {
        return model == null
                ? Failover.anyModel(pool, maxAttempts)
                : new Failover(pool, model, maxAttempts, body == null ? 0 : TokenEstimator.estimate(body));
    }

    public KeyPool pool() {
        return pool;
    }
}
