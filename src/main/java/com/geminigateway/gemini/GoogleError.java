package com.geminigateway.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

/**
 * Google's error envelope as received: {"error":{"code","message","status","details":[{"@type":...}]}}.
 * Details are looked up by {@code @type} because their order varies.
 */
public record GoogleError(Integer code, String message, String status, List<JsonNode> details) {

    public record Envelope(GoogleError error) {
    }

    private static final String TYPE_PREFIX = "type.googleapis.com/google.rpc.";
    private static final Pattern LIMIT_ZERO = Pattern.compile("\\blimit: 0(?![0-9.])");

    public List<JsonNode> detailsOrEmpty() {
        return details == null ? List.of() : details;
    }

    public Optional<JsonNode> detail(String simpleType) {
        return detailsOrEmpty().stream()
                .filter(d -> (TYPE_PREFIX + simpleType).equals(d.path("@type").asText()))
                .findFirst();
    }

    /** ErrorInfo.reason, e.g. API_KEY_INVALID or CONSUMER_SUSPENDED. */
    public Optional<String> reason() {
        return detail("ErrorInfo").map(d -> d.path("reason").asText(null));
    }

    /** RetryInfo.retryDelay, e.g. "37s" or "0.5s". */
    public Optional<String> retryDelay() {
        return detail("RetryInfo").map(d -> d.path("retryDelay").asText(null));
    }

    /** The violations of a QuotaFailure; empty when there is none. */
    public List<QuotaViolation> quotaViolations() {
        return detail("QuotaFailure")
                .map(d -> StreamSupport.stream(d.path("violations").spliterator(), false)
                        .filter(JsonNode::isObject)
                        .map(QuotaViolation::of)
                        .toList())
                .orElse(List.of());
    }

    /** ErrorInfo.metadata.consumer, e.g. "projects/123456789": the Google Cloud project of the key. */
    public Optional<String> consumer() {
        return detail("ErrorInfo")
                .map(d -> d.path("metadata").path("consumer").asText(null))
                .filter(c -> c.startsWith("projects/"));
    }

    /** Google's way of saying a model is not part of a project's tier at all: "..., limit: 0". */
    public boolean quotaLimitIsZero() {
        return quotaViolations().stream().anyMatch(v -> v.limit().orElse(-1) == 0)
                || (message != null && LIMIT_ZERO.matcher(message).find());
    }

    public String messageOr(String fallback) {
        return message == null || message.isBlank() ? fallback : message;
    }
}
