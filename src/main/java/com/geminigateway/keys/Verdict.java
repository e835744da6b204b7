package com.geminigateway.keys;

import java.time.Duration;

/** What one upstream failure means for the key and for the request that saw it. */
public record Verdict(Kind kind, Duration cooldown) {

    public enum Kind {
        /** The key is not valid: take it out, try another key at once. */
        KEY_INVALID,
        /** The key's project is banned: take it out, try another key at once. */
        KEY_SUSPENDED,
        /** Quota or throttling on this key: cool it down for {@code cooldown}, try another key. */
        KEY_QUOTA,
        /** Google's side or the network: not the key's fault; try again (another key is fine). */
        TRANSIENT,
        /** The request itself is wrong: no retry will help; answer the client. */
        CLIENT_ERROR
    }

    public static Verdict of(Kind kind) {
        return new Verdict(kind, Duration.ZERO);
    }

    public boolean retryable() {
        return kind != Kind.CLIENT_ERROR;
    }
}
