package com.geminigateway.telemetry;

import com.geminigateway.gemini.GoogleError;
import com.geminigateway.keys.Verdict;
import com.geminigateway.upstream.UpstreamFailure;
import java.util.Locale;

/** A failed upstream attempt as one of a few labels, for metrics and the status page. */
public final class FailureReasons {

    private FailureReasons() {
    }

    /**
     * One of: {@code quota_day}, {@code quota_minute}, {@code throttled} (cooldowns), {@code invalid_key},
     * {@code suspended}, {@code overloaded}, {@code server_error}, {@code timeout}, {@code network},
     * {@code rejected} (the request itself).
     */
    public static String of(UpstreamFailure failure, Verdict verdict) {
        Verdict.Kind kind = verdict == null ? Verdict.Kind.TRANSIENT : verdict.kind();
        return switch (kind) {
            case KEY_INVALID -> "invalid_key";
            case KEY_SUSPENDED -> "suspended";
            case KEY_QUOTA -> quota(failure);
            case CLIENT_ERROR -> "rejected";
            case TRANSIENT -> switch (failure.kind()) {
                case TIMEOUT -> "timeout";
                case NETWORK -> "network";
                case HTTP_STATUS -> failure.httpStatus() == 503 ? "overloaded"
                        : failure.httpStatus() == 504 || failure.httpStatus() == 408 ? "timeout" : "server_error";
            };
        };
    }

    /** Which quota Google named: per day, per minute, or none (plain throttling). */
    private static String quota(UpstreamFailure failure) {
        String ids = failure.error().map(GoogleError::quotaIds).map(Object::toString).orElse("").toLowerCase(Locale.ROOT);
        if (ids.contains("perday")) {
            return "quota_day";
        }
        return ids.contains("perminute") ? "quota_minute" : "throttled";
    }
}
