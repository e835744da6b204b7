package com.geminigateway.keys;

import com.geminigateway.gemini.QuotaViolation;
import java.time.Duration;
import java.util.List;

/**
 * What one upstream failure means for the key (or its project) and for the request that saw it.
 *
 * @param cooldown   for COOLING verdicts: how long
 * @param reason     a few words for logs and states
 * @param violations Google's quota violations, to learn limits from
 * @param project    the key's project from ErrorInfo metadata ("projects/123"), or null
 */
public record Verdict(Kind kind, Duration cooldown, String reason, List<QuotaViolation> violations, String project) {

    public enum Kind {
        /** The key is not valid: take it out, try another key at once. */
        KEY_INVALID,
        /** The key's project is banned (suspended, leaked, blocked): take the project out, try another. */
        KEY_SUSPENDED,
        /** A per-minute quota of the project for this model: cool it for {@code cooldown}, try another project. */
        QUOTA_MINUTE,
        /** The daily quota of the project for this model: out until the Pacific midnight, try another project. */
        QUOTA_DAY,
        /** Quota limit 0: the model is not in the project's tier; out until re-checked, try another project. */
        MODEL_UNAVAILABLE,
        /** A 429 without quota details (shared capacity): cool this key and model briefly, back off, try another. */
        THROTTLED,
        /** 402: the project's prepaid credits are used up: cool the project for an hour, try another. */
        BILLING,
        /** Google's side or the network: not the key's fault; back off and try again (another key is fine). */
        TRANSIENT,
        /** The request itself is wrong, or the client left: no retry will help; answer the client. */
        CLIENT_ERROR
    }

    public Verdict {
        cooldown = cooldown == null ? Duration.ZERO : cooldown;
        violations = violations == null ? List.of() : List.copyOf(violations);
    }

    public static Verdict of(Kind kind, String reason) {
        return new Verdict(kind, Duration.ZERO, reason, List.of(), null);
    }

    public boolean retryable() {
        return kind != Kind.CLIENT_ERROR;
    }

    /** Whether the failure is about the key or its project (then the pool changed a state). */
    public boolean blamesKey() {
        return switch (kind) {
            case KEY_INVALID, KEY_SUSPENDED, QUOTA_MINUTE, QUOTA_DAY, MODEL_UNAVAILABLE, THROTTLED, BILLING -> true;
            case TRANSIENT, CLIENT_ERROR -> false;
        };
    }
}
