package com.geminigateway.keys;

/**
 * Where a key stands, as a whole or for one model. When several states apply to a key and model (its
 * own, its project's, for the model or for everything), the most severe one shows.
 */
public enum KeyState {
    /** Serves requests. */
    ACTIVE(true),
    /** Rate-limited (per-minute quota, throttling, credits) until a known moment; comes back by itself. */
    COOLING(true),
    /** The daily quota is spent: back at the next 00:00 America/Los_Angeles. */
    DAY_EXHAUSTED(true),
    /** The model is not part of the project's tier (quota limit 0); tried again after MODEL_REPROBE_HOURS. */
    MODEL_UNAVAILABLE(false),
    /** Google refuses the key's project: suspended, reported as leaked, or the service blocked; re-checked. */
    SUSPENDED(false),
    /** Google says the key is not valid (or expired); re-checked after KEY_REPROBE_MINUTES. */
    INVALID(false),
    /** Taken out of the rotation by an administrator; only an administrator brings it back. */
    DISABLED(false);

    private final boolean endsByItself;

    KeyState(boolean endsByItself) {
        this.endsByItself = endsByItself;
    }

    /**
     * True when the state simply ends at its "until" (cooldowns, the day); false when it lasts until a
     * check says otherwise (its "until" is then the next check).
     */
    public boolean endsByItself() {
        return endsByItself;
    }

    /** A state that keeps the key from serving. */
    public boolean blocks() {
        return this != ACTIVE;
    }

    public boolean isMoreSevereThan(KeyState other) {
        return ordinal() > other.ordinal();
    }
}
