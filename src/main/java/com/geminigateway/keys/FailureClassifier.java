package com.geminigateway.keys;

import com.geminigateway.gemini.GoogleError;
import com.geminigateway.gemini.QuotaViolation;
import com.geminigateway.upstream.UpstreamFailure;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Maps an upstream failure to a {@link Verdict}, following Google's error table (wire-formats.md A.6.1).
 * Details are read by {@code @type}: ErrorInfo.reason and metadata.consumer, QuotaFailure quotaId and
 * quotaValue, RetryInfo.retryDelay. A key is blamed only for what is really about the key or its project
 * (invalid, suspended, quota, credits), never for the client's request or Google's load.
 */
public final class FailureClassifier {

    static final Duration DEFAULT_QUOTA_COOLDOWN = Duration.ofSeconds(60);
    static final Duration THROTTLE_COOLDOWN = Duration.ofSeconds(10);
    static final Duration BILLING_COOLDOWN = Duration.ofHours(1);

    private FailureClassifier() {
    }

    public static Verdict classify(UpstreamFailure failure) {
        if (failure.kind() != UpstreamFailure.Kind.HTTP_STATUS) {
            return Verdict.of(Verdict.Kind.TRANSIENT, failure.kind() == UpstreamFailure.Kind.TIMEOUT ? "timeout" : "network");
        }
        Optional<GoogleError> error = failure.error();
        String reason = error.flatMap(GoogleError::reason).orElse("");
        String message = error.map(e -> e.messageOr("")).orElse("").toLowerCase(Locale.ROOT);
        String project = error.flatMap(GoogleError::consumer).orElse(null);
        int status = failure.httpStatus();

        if ("API_KEY_INVALID".equals(reason) || message.contains("api key not valid")
                || message.contains("api key not found") || message.contains("api key expired")) {
            return new Verdict(Verdict.Kind.KEY_INVALID, Duration.ZERO,
                    message.contains("expired") ? "API key expired" : "API key not valid", List.of(), project);
        }
        if (status == 403) {
            Optional<String> banned = banReason(reason, message);
            if (banned.isPresent()) {
                return new Verdict(Verdict.Kind.KEY_SUSPENDED, Duration.ZERO, banned.get(), List.of(), project);
            }
        }
        if (status == 402) {
            return new Verdict(Verdict.Kind.BILLING, BILLING_COOLDOWN, "prepaid credits used up", List.of(), project);
        }
        if (status == 429) {
            return quota(error, project);
        }
        Verdict.Kind kind = status >= 500 || status == 408 ? Verdict.Kind.TRANSIENT : Verdict.Kind.CLIENT_ERROR;
        return new Verdict(kind, Duration.ZERO, "HTTP " + status, List.of(), project);
    }

    private static Optional<String> banReason(String reason, String message) {
        if ("CONSUMER_SUSPENDED".equals(reason) || message.contains("suspended")) {
            return Optional.of("project suspended");
        }
        if (message.contains("reported as leaked")) {
            return Optional.of("key reported as leaked");
        }
        if ("API_KEY_SERVICE_BLOCKED".equals(reason) || message.contains("are blocked")) {
            return Optional.of("service blocked for the key");
        }
        if (message.contains("terms of service")) {
            return Optional.of("disabled for a Terms of Service violation");
        }
        return Optional.empty();
    }

    private static Verdict quota(Optional<GoogleError> error, String project) {
        List<QuotaViolation> violations = error.map(GoogleError::quotaViolations).orElse(List.of());
        Optional<Duration> retryDelay = error.flatMap(GoogleError::retryDelay).flatMap(FailureClassifier::parseDuration);
        if (error.isPresent() && error.get().quotaLimitIsZero()) {
            return new Verdict(Verdict.Kind.MODEL_UNAVAILABLE, Duration.ZERO,
                    "quota limit 0: the model is not available to this project's tier", violations, project);
        }
        if (violations.stream().anyMatch(QuotaViolation::perDay)) {
            boolean tokens = violations.stream().filter(QuotaViolation::perDay).anyMatch(QuotaViolation::countsTokens);
            return new Verdict(Verdict.Kind.QUOTA_DAY, Duration.ZERO,
                    tokens ? "daily input-token quota spent" : "daily request quota spent", violations, project);
        }
        if (!violations.isEmpty()) {
            boolean tokens = violations.stream().anyMatch(QuotaViolation::countsTokens);
            return new Verdict(Verdict.Kind.QUOTA_MINUTE, retryDelay.orElse(DEFAULT_QUOTA_COOLDOWN),
                    tokens ? "per-minute input-token quota reached" : "per-minute request quota reached", violations, project);
        }
        return new Verdict(Verdict.Kind.THROTTLED, retryDelay.orElse(THROTTLE_COOLDOWN),
                "throttled by Google (no quota named)", List.of(), project);
    }

    /** Parses protobuf durations such as "37s" or "0.5s". */
    static Optional<Duration> parseDuration(String text) {
        if (text == null || !text.endsWith("s")) {
            return Optional.empty();
        }
        try {
            double seconds = Double.parseDouble(text.substring(0, text.length() - 1));
            if (seconds < 0 || Double.isNaN(seconds) || Double.isInfinite(seconds)) {
                return Optional.empty();
            }
            return Optional.of(Duration.ofMillis((long) Math.ceil(seconds * 1000)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
