package com.geminigateway.keys;

import com.geminigateway.gemini.GoogleError;
import com.geminigateway.upstream.UpstreamFailure;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Maps an upstream failure to a {@link Verdict}, following Google's error table: a key is blamed only for
 * what is really about the key (invalid, suspended, quota), never for the client's request or Google's load.
 */
public final class FailureClassifier {

    static final Duration DEFAULT_QUOTA_COOLDOWN = Duration.ofSeconds(60);
    static final Duration THROTTLE_COOLDOWN = Duration.ofSeconds(10);

    private FailureClassifier() {
    }

    public static Verdict classify(UpstreamFailure failure) {
        if (failure.kind() != UpstreamFailure.Kind.HTTP_STATUS) {
            return Verdict.of(Verdict.Kind.TRANSIENT);
        }
        Optional<GoogleError> error = failure.error();
        String reason = error.flatMap(GoogleError::reason).orElse("");
        String message = error.map(e -> e.messageOr("")).orElse("").toLowerCase(Locale.ROOT);
        int status = failure.httpStatus();

        if ("API_KEY_INVALID".equals(reason) || message.contains("api key not valid")
                || message.contains("api key not found") || message.contains("api key expired")) {
            return Verdict.of(Verdict.Kind.KEY_INVALID);
        }
        if (status == 403 && ("CONSUMER_SUSPENDED".equals(reason) || "API_KEY_SERVICE_BLOCKED".equals(reason)
                || message.contains("suspended") || message.contains("reported as leaked")
                || message.contains("terms of service"))) {
            return Verdict.of(Verdict.Kind.KEY_SUSPENDED);
        }
        if (status == 429 || status == 402) {
            return new Verdict(Verdict.Kind.KEY_QUOTA, quotaCooldown(error));
        }
        if (status >= 500 || status == 408) {
            return Verdict.of(Verdict.Kind.TRANSIENT);
        }
        return Verdict.of(Verdict.Kind.CLIENT_ERROR);
    }

    private static Duration quotaCooldown(Optional<GoogleError> error) {
        if (error.isEmpty()) {
            return THROTTLE_COOLDOWN;
        }
        Optional<Duration> delay = error.get().retryDelay().flatMap(FailureClassifier::parseDuration);
        if (delay.isPresent()) {
            return delay.get();
        }
        return error.get().quotaIds().isEmpty() ? THROTTLE_COOLDOWN : DEFAULT_QUOTA_COOLDOWN;
    }

    /** Parses protobuf durations such as "37s" or "0.5s". */
    static Optional<Duration> parseDuration(String text) {
        if (text == null || !text.endsWith("s")) {
            return Optional.empty();
        }
        try {
            double seconds = Double.parseDouble(text.substring(0, text.length() - 1));
            if (seconds < 0 || Double.isNaN(seconds)) {
                return Optional.empty();
            }
            return Optional.of(Duration.ofMillis((long) Math.ceil(seconds * 1000)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
