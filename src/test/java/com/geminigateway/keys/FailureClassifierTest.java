package com.geminigateway.keys;

import static com.geminigateway.keys.Pools.FLASH;
import static com.geminigateway.keys.Pools.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.geminigateway.testing.GeminiError;
import com.geminigateway.upstream.UpstreamFailure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One test per row of Google's error table (wire-formats.md A.6.1). */
class FailureClassifierTest {

    private static Verdict classify(GeminiError error) {
        return FailureClassifier.classify(failure(error));
    }

    private static Verdict.Kind kind(int status, String body) {
        return FailureClassifier.classify(UpstreamFailure.fromResponse(status, body.getBytes(StandardCharsets.UTF_8))).kind();
    }

    @Test
    void anInvalidOrExpiredKeyIsInvalid() {
        assertEquals(Verdict.Kind.KEY_INVALID, classify(GeminiError.apiKeyInvalid()).kind());
        assertEquals(Verdict.Kind.KEY_INVALID, kind(400, "{\"error\":{\"code\":400,\"message\":\"API key expired. Please renew the API key.\"}}"));
        assertEquals(Verdict.Kind.KEY_INVALID, kind(400, "{\"error\":{\"code\":400,\"message\":\"API Key not found. Please pass a valid API key.\"}}"));
    }

    @Test
    void aBannedProjectIsSuspendedAndNamesItsProject() {
        Verdict suspended = classify(GeminiError.consumerSuspended("AIzaSyTestTestTestTest1234"));
        assertEquals(Verdict.Kind.KEY_SUSPENDED, suspended.kind());
        assertEquals("projects/123", suspended.project());
        assertEquals(Verdict.Kind.KEY_SUSPENDED, classify(GeminiError.of(403, "PERMISSION_DENIED",
                "Your API key was reported as leaked. Please use another API key.")).kind());
        assertEquals(Verdict.Kind.KEY_SUSPENDED, classify(GeminiError.of(403, "PERMISSION_DENIED",
                "Requests to this API generativelanguage.googleapis.com method are blocked.")
                .withDetail("ErrorInfo", "reason", "API_KEY_SERVICE_BLOCKED")).kind());
        assertEquals(Verdict.Kind.CLIENT_ERROR, classify(GeminiError.of(403, "PERMISSION_DENIED",
                "You do not have permission to access tuned model tunedModels/x")).kind(), "not about the key");
    }

    @Test
    void perMinuteQuotaCoolsForGooglesRetryDelayAndTeachesTheLimit() {
        Verdict v = classify(GeminiError.quotaPerMinute(FLASH, Duration.ofMillis(37200)));
        assertEquals(Verdict.Kind.QUOTA_MINUTE, v.kind());
        assertEquals(Duration.ofMillis(37200), v.cooldown());
        assertEquals(10, v.violations().get(0).limit().orElseThrow());
        assertTrue(v.violations().get(0).perMinute());
        assertFalse(v.violations().get(0).countsTokens());

        Verdict tokens = classify(GeminiError.tokensPerMinute(FLASH, Duration.ofSeconds(5)));
        assertEquals(Verdict.Kind.QUOTA_MINUTE, tokens.kind());
        assertTrue(tokens.violations().get(0).countsTokens());
    }

    @Test
    void perMinuteQuotaWithoutRetryInfoCoolsForAMinute() {
        GeminiError noRetryInfo = GeminiError.of(429, "RESOURCE_EXHAUSTED", "quota")
                .withDetail("QuotaFailure", "violations", List.of(java.util.Map.of(
                        "quotaId", "GenerateRequestsPerMinutePerProjectPerModel", "quotaValue", "1000")));
        Verdict v = classify(noRetryInfo);
        assertEquals(Verdict.Kind.QUOTA_MINUTE, v.kind());
        assertEquals(FailureClassifier.DEFAULT_QUOTA_COOLDOWN, v.cooldown());
    }

    @Test
    void perDayQuotaExhaustsTheDayEvenWithAShortRetryDelay() {
        assertEquals(Verdict.Kind.QUOTA_DAY, classify(GeminiError.quotaPerDay(FLASH, null)).kind());
        assertEquals(Verdict.Kind.QUOTA_DAY, classify(GeminiError.quotaPerDay(FLASH, Duration.ofSeconds(3))).kind());
    }

    @Test
    void limitZeroMeansTheModelIsNotInTheProjectsTier() {
        assertEquals(Verdict.Kind.MODEL_UNAVAILABLE, classify(GeminiError.quotaLimitZero("gemini-2.5-pro")).kind());
        // Also when only the message says so.
        assertEquals(Verdict.Kind.MODEL_UNAVAILABLE, kind(429, "{\"error\":{\"code\":429,\"message\":\"* Quota exceeded for metric:"
                + " generate_content_free_tier_requests, limit: 0, model: gemini-2.5-pro\"}}"));
        assertEquals(Verdict.Kind.THROTTLED, kind(429, "{\"error\":{\"code\":429,\"message\":\"limit: 0.5 of something\"}}"));
    }

    @Test
    void throttlingWithoutQuotaDetailsCoolsBriefly() {
        Verdict v = classify(GeminiError.throttled());
        assertEquals(Verdict.Kind.THROTTLED, v.kind());
        assertEquals(FailureClassifier.THROTTLE_COOLDOWN, v.cooldown());
    }

    @Test
    void usedUpCreditsCoolTheProjectForAnHour() {
        Verdict v = classify(GeminiError.creditsExhausted());
        assertEquals(Verdict.Kind.BILLING, v.kind());
        assertEquals(Duration.ofHours(1), v.cooldown());
    }

    @Test
    void googlesOverloadAndTheNetworkAreNotTheKeysFault() {
        assertEquals(Verdict.Kind.TRANSIENT, classify(GeminiError.overloaded()).kind());
        assertEquals(Verdict.Kind.TRANSIENT, classify(GeminiError.internal()).kind());
        assertEquals(Verdict.Kind.TRANSIENT, classify(GeminiError.deadlineExceeded()).kind());
        assertEquals(Verdict.Kind.TRANSIENT, kind(500, "not json"));
        assertEquals(Verdict.Kind.TRANSIENT, FailureClassifier.classify(UpstreamFailure.network("refused", null)).kind());
        assertEquals(Verdict.Kind.TRANSIENT, FailureClassifier.classify(UpstreamFailure.timeout("slow", null)).kind());
        assertFalse(classify(GeminiError.overloaded()).blamesKey());
    }

    @Test
    void theClientsOwnMistakesAreNeverTheKeys() {
        for (GeminiError error : List.of(GeminiError.unknownField("foo"), GeminiError.inputTokenLimitExceeded(),
                GeminiError.modelNotFound("gemini-0", "generateContent"),
                GeminiError.of(400, "FAILED_PRECONDITION", "User location is not supported for the API use."),
                GeminiError.of(499, "CANCELLED", "The operation was cancelled."))) {
            Verdict v = classify(error);
            assertEquals(Verdict.Kind.CLIENT_ERROR, v.kind(), error.message());
            assertFalse(v.retryable());
            assertFalse(v.blamesKey());
        }
    }

    @Test
    void parsesProtobufDurations() {
        assertEquals(Duration.ofMillis(500), FailureClassifier.parseDuration("0.5s").orElseThrow());
        assertEquals(Duration.ofSeconds(37), FailureClassifier.parseDuration("37s").orElseThrow());
        assertTrue(FailureClassifier.parseDuration("soon").isEmpty());
        assertTrue(FailureClassifier.parseDuration("-3s").isEmpty());
    }
}
