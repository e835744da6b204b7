package com.geminigateway.relay;

import com.geminigateway.keys.Failover;

/** A pooled call ended without an answer: every attempt failed, or no key could be tried. */
public final class GaveUp extends RuntimeException {

    private final transient Failover failover;

    GaveUp(Failover failover) {
        super("no key could answer", null, false, false);
        this.failover = failover;
    }

    /** What the attempts saw, for the route to render its error. */
    public Failover failover() {
        return failover;
    }
}
