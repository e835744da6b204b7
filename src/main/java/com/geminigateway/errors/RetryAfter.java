package com.geminigateway.errors;

import java.time.Duration;

/** Retry-After is whole seconds; round up so a client never comes back too early. */
public final class RetryAfter {
    private RetryAfter() {
    }

    public static String seconds(Duration d) {
        long millis = Math.max(0, d.toMillis());
        return Long.toString(Math.max(1, (millis + 999) / 1000));
    }
}
