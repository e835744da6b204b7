package com.geminigateway.telemetry;

import com.geminigateway.keys.Verdict;
import com.geminigateway.upstream.UpstreamFailure;

/** A failed upstream attempt as one of a few labels, for metrics and the status page. */
public final class FailureReasons {

    private FailureReasons() {
    }

    /**
     * One of: {@code quota_day}, {@code quota_minute}, {@code throttled}, {@code model_unavailable},
     * {@code billing}, {@code invalid_key}, {@code suspended}, {@code overloaded}, {@code server_error},
     * {@code timeout}, {@code network}, {@code rejected} (the request itself).
     */
    public static String of(UpstreamFailure failure, Verdict verdict) {
        Verdict.Kind kind = verdict == null ? Verdict.Kind.TRANSIENT : verdict.kind();
        return switch (kind) {
            case KEY_INVALID -> "invalid_key";
            case KEY_SUSPENDED -> "suspended";
            case QUOTA_MINUTE -> "quota_minute";
            case QUOTA_DAY -> "quota_day";
            case MODEL_UNAVAILABLE -> "model_unavailable";
            case THROTTLED -> "throttled";
            case BILLING -> "billing";
            case CLIENT_ERROR -> "rejected";
            case TRANSIENT -> switch (failure.kind()) {
                case TIMEOUT -> "timeout";
                case NETWORK -> "network";
                case HTTP_STATUS -> failure.httpStatus() == 503 ? "overloaded"
                        : failure.httpStatus() == 504 || failure.httpStatus() == 408 ? "timeout" : "server_error";
            };
        };
    }
}
