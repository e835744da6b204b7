package com.geminigateway.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * One violation of a google.rpc.QuotaFailure, e.g. quotaId
 * {@code GenerateRequestsPerMinutePerProjectPerModel-FreeTier}, quotaValue {@code "10"}, dimension model
 * {@code gemini-2.5-flash}. The quota's period and unit are read from the quotaId (and metric), as Google
 * names them.
 */
public record QuotaViolation(String quotaMetric, String quotaId, String quotaValue, String model) {

    static QuotaViolation of(JsonNode v) {
        return new QuotaViolation(text(v, "quotaMetric"), text(v, "quotaId"), text(v, "quotaValue"),
                v.path("quotaDimensions").path("model").asText(null));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private String id() {
        return (quotaId == null ? "" : quotaId).toLowerCase(Locale.ROOT);
    }

    public boolean perMinute() {
        return id().contains("perminute");
    }

    public boolean perDay() {
        return id().contains("perday");
    }

    /** Whether it counts (input) tokens rather than requests. */
    public boolean countsTokens() {
        return id().contains("token") || (quotaMetric != null && quotaMetric.toLowerCase(Locale.ROOT).contains("token"));
    }

    /** The quota's limit ("quotaValue"), when it is a number. */
    public OptionalLong limit() {
        if (quotaValue == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(quotaValue.strip()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
