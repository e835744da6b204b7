package com.geminigateway.keys;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether any key can serve a model, and if not, why and until when: the basis of the 429 (with
 * Retry-After) or 503 a client gets when no key is left.
 *
 * @param keys             how many keys the pool has
 * @param now              when this was worked out
 * @param readyAt          the earliest moment some key can serve by itself ({@code now} when one can now);
 *                         null when none will without a check or an administrator
 * @param why              a summary such as "2 keys COOLING (per-minute request quota reached), 1 key INVALID (...)"
 * @param modelUnavailable true when some key is out because the model is not in its project's tier
 */
public record Availability(int keys, Instant now, Instant readyAt, String why, boolean modelUnavailable) {

    public boolean willRecover() {
        return readyAt != null;
    }

    /** How long until a key is ready; zero when one is, or none will be. */
    public Duration retryAfter() {
        if (readyAt == null || !readyAt.isAfter(now)) {
            return Duration.ZERO;
        }
        return Duration.between(now, readyAt);
    }
}
