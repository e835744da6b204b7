package com.geminigateway.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.geminigateway.upstream.UpstreamFailure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FailureClassifierTest {

    private static UpstreamFailure http(int status, String body) {
        return UpstreamFailure.fromResponse(status, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void invalidKeyByErrorInfoReason() {
        var f = http(400, """
                {"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT",
                 "details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID"}]}}""");
        assertEquals(Verdict.Kind.KEY_INVALID, FailureClassifier.classify(f).kind());
    }

    @Test
    void otherInvalidArgumentIsTheClientsFault() {
        var f = http(400, """
                {"error":{"code":400,"message":"Invalid JSON payload received. Unknown name \\"foo\\"","status":"INVALID_ARGUMENT"}}""");
        assertEquals(Verdict.Kind.CLIENT_ERROR, FailureClassifier.classify(f).kind());
    }

    @Test
    void suspendedConsumer() {
        var f = http(403, """
                {"error":{"code":403,"message":"Permission denied: Consumer 'api_key:AIzaXXXXXXXXXXXX' has been suspended.",
                 "status":"PERMISSION_DENIED","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"CONSUMER_SUSPENDED"}]}}""");
        assertEquals(Verdict.Kind.KEY_SUSPENDED, FailureClassifier.classify(f).kind());
    }

    @Test
    void quotaCoolsForTheRetryDelay() {
        var f = http(429, """
                {"error":{"code":429,"status":"RESOURCE_EXHAUSTED","message":"quota",
                 "details":[{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[{"quotaId":"GenerateRequestsPerMinutePerProjectPerModel-FreeTier","quotaValue":"10"}]},
                            {"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"37.2s"}]}}""");
        Verdict v = FailureClassifier.classify(f);
        assertEquals(Verdict.Kind.KEY_QUOTA, v.kind());
        assertEquals(Duration.ofMillis(37200), v.cooldown());
    }

    @Test
    void throttlingWithoutDetailsCoolsBriefly() {
        Verdict v = FailureClassifier.classify(http(429, "{\"error\":{\"code\":429,\"message\":\"Resource exhausted\"}}"));
        assertEquals(Verdict.Kind.KEY_QUOTA, v.kind());
        assertEquals(FailureClassifier.THROTTLE_COOLDOWN, v.cooldown());
    }

    @Test
    void overloadAndNetworkAreNotTheKeysFault() {
        assertEquals(Verdict.Kind.TRANSIENT, FailureClassifier.classify(http(503, "{\"error\":{\"code\":503,\"message\":\"The model is overloaded.\"}}")).kind());
        assertEquals(Verdict.Kind.TRANSIENT, FailureClassifier.classify(http(500, "not json")).kind());
        assertEquals(Verdict.Kind.TRANSIENT, FailureClassifier.classify(UpstreamFailure.network("refused", null)).kind());
        assertEquals(Verdict.Kind.TRANSIENT, FailureClassifier.classify(UpstreamFailure.timeout("slow", null)).kind());
    }

    @Test
    void unknownModelIsTheClientsFault() {
        assertEquals(Verdict.Kind.CLIENT_ERROR, FailureClassifier.classify(http(404, "{\"error\":{\"code\":404,\"message\":\"models/x is not found\"}}")).kind());
    }

    @Test
    void parsesProtobufDurations() {
        assertEquals(Duration.ofMillis(500), FailureClassifier.parseDuration("0.5s").orElseThrow());
        assertEquals(Duration.ofSeconds(37), FailureClassifier.parseDuration("37s").orElseThrow());
        assertEquals(true, FailureClassifier.parseDuration("soon").isEmpty());
    }
}
