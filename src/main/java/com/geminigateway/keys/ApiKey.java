package com.geminigateway.keys;

import com.geminigateway.config.Masking;
import java.time.Instant;

/**
 * One Gemini key of the pool and its current state. State changes are made by the pool under the key's
 * monitor; readers see a consistent (state, until, reason) triple through {@link #snapshot()}.
 */
public final class ApiKey {

    public record Snapshot(String alias, KeyState state, Instant until, String reason, Instant lastUsed) {
    }

    private final String secret;
    private final String alias;
    private KeyState state = KeyState.ACTIVE;
    private Instant until;
    private String reason;
    private Instant lastUsed;

    ApiKey(String secret) {
        this.secret = secret;
        this.alias = Masking.mask(secret);
    }

    /** The key itself: only for the upstream request header. */
    public String secret() {
        return secret;
    }

    /** The masked form, safe for logs and pages. */
    public String alias() {
        return alias;
    }

    synchronized boolean usableAt(Instant now) {
        if (state == KeyState.COOLING && until != null && !now.isBefore(until)) {
            state = KeyState.ACTIVE;
            until = null;
            reason = null;
        }
        return state == KeyState.ACTIVE;
    }

    synchronized void markUsed(Instant now) {
        lastUsed = now;
    }

    synchronized void set(KeyState newState, Instant newUntil, String newReason) {
        // A dead key stays dead: a late cooldown from a parallel request must not revive it.
        if ((state == KeyState.INVALID || state == KeyState.SUSPENDED) && newState == KeyState.COOLING) {
            return;
        }
        if (state == KeyState.COOLING && newState == KeyState.COOLING && until != null && newUntil != null
                && until.isAfter(newUntil)) {
            return;
        }
        state = newState;
        until = newUntil;
        reason = newReason;
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(alias, state, until, reason, lastUsed);
    }

    @Override
    public String toString() {
        return alias;
    }
}
