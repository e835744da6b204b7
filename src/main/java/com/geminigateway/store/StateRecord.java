package com.geminigateway.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored state of a {@link Scope}, in terms the store need not understand.
 *
 * @param state     the state's name (the pool's {@code KeyState})
 * @param reason    why, in a few words
 * @param lastError the upstream error that caused it, keys already masked; may be null
 * @param since     when it began
 * @param until     when it changes next (ends, or is re-probed); null for never by itself
 */
public record StateRecord(String state, String reason, String lastError, Instant since, Instant until) {

    public StateRecord {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(since, "since");
    }
}
