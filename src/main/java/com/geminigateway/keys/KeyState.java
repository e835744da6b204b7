package com.geminigateway.keys;

/** Where a key stands. This first pool tracks a key as a whole; per-model states come with quota tracking. */
public enum KeyState {
    /** Serves requests. */
    ACTIVE,
    /** Rate-limited or throttled until a known moment; comes back by itself. */
    COOLING,
    /** Google says the key is not valid (or expired). */
    INVALID,
    /** Google refuses the key's project: suspended, reported as leaked, or the service blocked. */
    SUSPENDED
}
