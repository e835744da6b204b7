package com.geminigateway.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;

/**
 * Google's error envelope as received: {"error":{"code","message","status","details":[{"@type":...}]}}.
 * Details are looked up by {@code @type} because their order varies.
 */
public record GoogleError(Integer code, String message, String status, List<JsonNode> details) {

    public record Envelope(GoogleError error) {
    }

    private static final String TYPE_PREFIX = "type.googleapis.com/google.rpc.";

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

    /** The quotaIds of a QuotaFailure, e.g. GenerateRequestsPerMinutePerProjectPerModel-FreeTier. */
    public List<String> quotaIds() {
        return detail("QuotaFailure")
                .map(d -> StreamSupport.stream(d.path("violations").spliterator(), false)
                        .map(v -> v.path("quotaId").asText(""))
                        .filter(s -> !s.isEmpty())
                        .toList())
                .orElse(List.of());
    }

    public String messageOr(String fallback) {
        return message == null || message.isBlank() ? fallback : message;
    }
}
