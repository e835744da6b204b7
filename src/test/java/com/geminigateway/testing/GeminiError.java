package com.geminigateway.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Google API error ({@code google.rpc.Status}) as the Gemini API sends it:
 * <pre>{"error":{"code":429,"message":"…","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo",…}]}}</pre>
 * {@code code} is also the HTTP status of the response. The factories reproduce the bodies of
 * wire-formats.md A.6; {@link #of} and {@link #withDetail} build anything else.
 *
 * @param code    HTTP status, repeated as {@code error.code}
 * @param status  canonical status name, e.g. {@code "INVALID_ARGUMENT"}
 * @param message human-readable message
 * @param details {@code error.details} entries, each with an {@code "@type"} key first
 */
public record GeminiError(int code, String status, String message, List<Map<String, Object>> details) {

    /** Prefix of every {@code @type} in {@code error.details}. */
    public static final String TYPE_PREFIX = "type.googleapis.com/google.rpc.";

    static final String SERVICE = "generativelanguage.googleapis.com";
    static final String RATE_LIMITS_URL = "https://ai.google.dev/gemini-api/docs/rate-limits";
    static final String FREE_TIER_REQUESTS_METRIC = SERVICE + "/generate_content_free_tier_requests";
    static final String FREE_TIER_INPUT_TOKENS_METRIC = SERVICE + "/generate_content_free_tier_input_token_count";

    public GeminiError {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
        details = List.copyOf(details);
    }

    /** An error without details. */
    public static GeminiError of(int code, String status, String message) {
        return new GeminiError(code, status, message, List.of());
    }

    /**
     * A copy with one more detail entry.
     *
     * @param type      short type name, e.g. {@code "ErrorInfo"} (prefixed with {@link #TYPE_PREFIX})
     * @param keyValues alternating field names and values (values may be strings, numbers, maps, lists)
     */
    public GeminiError withDetail(String type, Object... keyValues) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("@type", TYPE_PREFIX + type);
        detail.putAll(fields(keyValues));
        List<Map<String, Object>> all = new ArrayList<>(details);
        all.add(Collections.unmodifiableMap(detail));
        return new GeminiError(code, status, message, all);
    }

    /** The full response body, {@code {"error":{…}}}. */
    public ObjectNode toJson() {
        ObjectNode root = FakeGemini.JSON.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("code", code);
        error.put("message", message);
        error.put("status", status);
        if (!details.isEmpty()) {
            error.set("details", FakeGemini.JSON.valueToTree(details));
        }
        return root;
    }

    // ---------------------------------------------------------------- key errors

    /** 400 INVALID_ARGUMENT, ErrorInfo reason {@code API_KEY_INVALID}. */
    public static GeminiError apiKeyInvalid() {
        String message = "API key not valid. Please pass a valid API key.";
        return of(400, "INVALID_ARGUMENT", message)
                .withDetail("ErrorInfo", "reason", "API_KEY_INVALID", "domain", "googleapis.com",
                        "metadata", fields("service", SERVICE))
                .withDetail("LocalizedMessage", "locale", "en-US", "message", message);
    }

    /**
     * 403 PERMISSION_DENIED, ErrorInfo reason {@code CONSUMER_SUSPENDED}, consumer {@code projects/123}.
     * Like Google, the message echoes the key: a gateway must mask it before logging or forwarding.
     */
    public static GeminiError consumerSuspended(String apiKey) {
        return of(403, "PERMISSION_DENIED", "Permission denied: Consumer 'api_key:" + apiKey + "' has been suspended.")
                .withDetail("ErrorInfo", "reason", "CONSUMER_SUSPENDED", "domain", "googleapis.com",
                        "metadata", fields("consumer", "projects/123", "service", SERVICE));
    }

    /** 403 PERMISSION_DENIED for a request that carries no API key at all. */
    public static GeminiError unregisteredCaller() {
        return of(403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers (callers without established"
                + " identity). Please use API Key or other form of API consumer identity to call this API.");
    }

    /**
     * 429 RESOURCE_EXHAUSTED for the free-tier requests-per-minute quota (limit 10), with
     * QuotaFailure, Help and RetryInfo details.
     *
     * @param model      the model of the request, or null (then the quota has no model dimension)
     * @param retryDelay the RetryInfo delay, e.g. 37 s (rendered {@code "37s"})
     */
    public static GeminiError quotaPerMinute(String model, Duration retryDelay) {
        return quotaExceeded("GenerateRequestsPerMinutePerProjectPerModel-FreeTier", "10", model,
                Objects.requireNonNull(retryDelay, "retryDelay"));
    }

    /**
     * 429 RESOURCE_EXHAUSTED for the free-tier requests-per-day quota (limit 20).
     *
     * @param retryDelay a RetryInfo delay to add, or null for none
     */
    public static GeminiError quotaPerDay(String model, Duration retryDelay) {
        return quotaExceeded("GenerateRequestsPerDayPerProjectPerModel-FreeTier", "20", model, retryDelay);
    }

    /**
     * 429 RESOURCE_EXHAUSTED for a model that is not part of the project's tier: the per-day quota with
     * {@code limit: 0} (as Google answers for Pro models on the free tier).
     */
    public static GeminiError quotaLimitZero(String model) {
        return quotaExceeded("GenerateRequestsPerDayPerProjectPerModel-FreeTier", "0", model, Duration.ofSeconds(20));
    }

    /** 429 RESOURCE_EXHAUSTED for the free-tier input-tokens-per-minute quota (limit 250000). */
    public static GeminiError tokensPerMinute(String model, Duration retryDelay) {
        return quotaExceeded(FREE_TIER_INPUT_TOKENS_METRIC, "GenerateContentInputTokensPerModelPerMinute-FreeTier", "250000",
                model, Objects.requireNonNull(retryDelay, "retryDelay"));
    }

    /** 429 RESOURCE_EXHAUSTED without any detail: Google throttling shared capacity. */
    public static GeminiError throttled() {
        return of(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota).");
    }

    /** 402 RESOURCE_EXHAUSTED: the project's prepaid credits are used up. */
    public static GeminiError creditsExhausted() {
        return of(402, "RESOURCE_EXHAUSTED", "Your prepayment credits are depleted. Please go to AI Studio to manage"
                + " your project and billing.");
    }

    /** A copy whose ErrorInfo metadata names the key's project, as {@code projects/<number>}. */
    public GeminiError withConsumer(String projectNumber) {
        return withDetail("ErrorInfo", "reason", "RATE_LIMIT_EXCEEDED", "domain", "googleapis.com",
                "metadata", fields("consumer", "projects/" + projectNumber, "service", SERVICE));
    }

    private static GeminiError quotaExceeded(String quotaId, String limit, String model, Duration retryDelay) {
        return quotaExceeded(FREE_TIER_REQUESTS_METRIC, quotaId, limit, model, retryDelay);
    }

    private static GeminiError quotaExceeded(String metric, String quotaId, String limit, String model, Duration retryDelay) {
        StringBuilder message = new StringBuilder("You exceeded your current quota, please check your plan and billing"
                + " details. For more information on this error, head to: " + RATE_LIMITS_URL + ".\n"
                + "* Quota exceeded for metric: " + metric + ", limit: " + limit);
        Map<String, Object> dimensions = new LinkedHashMap<>();
        dimensions.put("location", "global");
        if (model != null) {
            message.append(", model: ").append(model);
            dimensions.put("model", model);
        }
        if (retryDelay != null) {
            message.append("\nPlease retry in ").append(protoDuration(retryDelay)).append('.');
        }
        GeminiError error = of(429, "RESOURCE_EXHAUSTED", message.toString())
                .withDetail("QuotaFailure", "violations", List.of(fields(
                        "quotaMetric", metric,
                        "quotaId", quotaId,
                        "quotaDimensions", Collections.unmodifiableMap(dimensions),
                        "quotaValue", limit)))
                .withDetail("Help", "links", List.of(fields(
                        "description", "Learn more about Gemini API quotas", "url", RATE_LIMITS_URL)));
        return retryDelay == null ? error : error.withDetail("RetryInfo", "retryDelay", protoDuration(retryDelay));
    }

    // ---------------------------------------------------------------- server errors

    /** 503 UNAVAILABLE "The model is overloaded. Please try again later." */
    public static GeminiError overloaded() {
        return of(503, "UNAVAILABLE", "The model is overloaded. Please try again later.");
    }

    /** 500 INTERNAL. */
    public static GeminiError internal() {
        return of(500, "INTERNAL", "An internal error has occurred. Please retry or report in"
                + " https://developers.generativeai.google/guide/troubleshooting");
    }

    /** 504 DEADLINE_EXCEEDED. */
    public static GeminiError deadlineExceeded() {
        return of(504, "DEADLINE_EXCEEDED", "Deadline expired before operation could complete.");
    }

    // ---------------------------------------------------------------- request errors

    /** 404 NOT_FOUND for a model that does not exist or does not support {@code method}. */
    public static GeminiError modelNotFound(String modelId, String method) {
        return of(404, "NOT_FOUND", "models/" + modelId + " is not found for API version v1beta, or is not supported for "
                + method + ". Call ListModels to see the list of available models and their supported methods.");
    }

    /** 400 INVALID_ARGUMENT with a free-form message. */
    public static GeminiError invalidArgument(String message) {
        return of(400, "INVALID_ARGUMENT", message);
    }

    /** 400 INVALID_ARGUMENT for an unknown request field, with a BadRequest field violation. */
    public static GeminiError unknownField(String fieldName) {
        String message = "Invalid JSON payload received. Unknown name \"" + fieldName + "\": Cannot find field.";
        return invalidArgument(message)
                .withDetail("BadRequest", "fieldViolations", List.of(fields("description", message)));
    }

    /** 400 INVALID_ARGUMENT "The input token count exceeds the maximum number of tokens allowed (1048576)." */
    public static GeminiError inputTokenLimitExceeded() {
        return invalidArgument("The input token count exceeds the maximum number of tokens allowed (1048576).");
    }

    // ---------------------------------------------------------------- helpers

    /** A proto3-JSON duration: {@code "37s"}, {@code "0.5s"}. */
    static String protoDuration(Duration duration) {
        BigDecimal seconds = BigDecimal.valueOf(duration.getSeconds()).add(BigDecimal.valueOf(duration.getNano(), 9));
        return seconds.stripTrailingZeros().toPlainString() + "s";
    }

    /** An unmodifiable, insertion-ordered map from alternating keys and values. */
    static Map<String, Object> fields(Object... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("keyValues must alternate names and values");
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], Objects.requireNonNull(keyValues[i + 1], "value"));
        }
        return Collections.unmodifiableMap(map);
    }
}
