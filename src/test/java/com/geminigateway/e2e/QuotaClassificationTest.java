package com.geminigateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.geminigateway.testing.FakeGemini;
import com.geminigateway.testing.GeminiError;
import com.geminigateway.testing.Http;
import com.geminigateway.testing.KeyBehavior;
import com.geminigateway.testing.TestGateway;
import com.geminigateway.usage.PacificDay;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Each row of Google's error table (wire-formats.md A.6.1) against the fake Gemini, seen from a client
 * and from the administration API: which key, project and model the pool blames, and what the client gets.
 */
@Timeout(30)
class QuotaClassificationTest {

    static final String FLASH = "gemini-2.5-flash";
    static final String PRO = "gemini-2.5-pro";
    static final String A = "key-a-1111111111111111111";
    static final String B = "key-b-2222222222222222222";
    static final String C = "key-c-3333333333333333333";

    FakeGemini fake;
    TestGateway gateway;
    PoolAdmin admin;

    @BeforeEach
    void startFake() {
        fake = FakeGemini.start();
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        fake.close();
    }

    void start(String keys) {
        gateway = TestGateway.start(Map.of("GEMINI_API_KEYS", keys, "GEMINI_BASE_URL", fake.baseUrl(), "MAX_ATTEMPTS", "3"));
        admin = new PoolAdmin(gateway);
        assertEquals(200, Http.send(Http.authorized(gateway.baseUrl() + "/v1/models")).statusCode());
        fake.reset();
    }

    HttpResponse<String> chat(String model) {
        return Http.send(Http.postJson(gateway.baseUrl() + "/v1/chat/completions",
                "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}"));
    }

    long callsWith(String key) {
        return fake.requests(":generateContent").stream().filter(r -> key.equals(r.apiKey())).count();
    }

    static long retryAfter(HttpResponse<String> r) {
        return Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow());
    }

    @Test
    void anInvalidKeyIsTakenOutAndTheRequestServedByAnother() {
        start(A + "," + B);
        fake.key(A, KeyBehavior.INVALID);
        assertEquals(200, chat(FLASH).statusCode());
        assertEquals(200, chat(FLASH).statusCode());
        assertEquals(1, callsWith(A));
        JsonNode a = admin.key(A);
        assertEquals("INVALID", a.get("state").asText());
        assertEquals("API key not valid", a.get("reason").asText());
        assertTrue(a.get("lastError").asText().contains("API key not valid"));
        assertTrue(a.has("until"), "when it is checked again");
    }

    @Test
    void aSuspendedProjectTakesEveryKeyOfItOut() {
        start(A + "@team," + B + "@team," + C);
        fake.key(A, KeyBehavior.SUSPENDED);
        fake.key(B, KeyBehavior.SUSPENDED);
        for (int i = 0; i < 3; i++) {
            assertEquals(200, chat(FLASH).statusCode());
        }
        assertEquals(1, callsWith(A) + callsWith(B), "only the first key of the project was tried");
        assertEquals("SUSPENDED", admin.key(A).get("state").asText());
        assertEquals("SUSPENDED", admin.key(B).get("state").asText());
        assertEquals("ACTIVE", admin.key(C).get("state").asText());
        assertFalse(admin.get("/keys").body().contains(A), "the 403 message echoes the key: masked");
    }

    @Test
    void aPerMinuteQuotaCoolsThatModelOnlyForGooglesRetryDelay() {
        start(A + "," + B);
        fake.key(A, KeyBehavior.forModel(FLASH, KeyBehavior.quotaPerMinute(Duration.ofSeconds(40))));
        for (int i = 0; i < 3; i++) {
            assertEquals(200, chat(FLASH).statusCode());
        }
        assertEquals(1, callsWith(A));
        JsonNode flash = admin.model(A, FLASH);
        assertEquals("COOLING", flash.get("state").asText());
        long left = Duration.between(Instant.now(), Instant.parse(flash.get("until").asText())).toSeconds();
        assertTrue(left > 30 && left <= 40, "cools for Google's retryDelay: " + left);
        assertEquals(10, flash.at("/limit/rpm").asLong(), "the quotaValue is learned");
        assertEquals(200, chat(PRO).statusCode());
        assertEquals(200, chat(PRO).statusCode());
        assertEquals(2, callsWith(A), "other models still use the key");
    }

    @Test
    void whenEveryProjectHasSpentItsDayTheClientWaitsUntilPacificMidnight() {
        start(A + "," + B);
        fake.key(A, KeyBehavior.forModel(FLASH, KeyBehavior.QUOTA_PER_DAY));
        fake.key(B, KeyBehavior.forModel(FLASH, KeyBehavior.quotaPerDay(Duration.ofSeconds(3))));
        HttpResponse<String> r = chat(FLASH);
        assertEquals(429, r.statusCode(), r.body());
        long expected = Duration.between(Instant.now(), PacificDay.nextMidnight(Instant.now())).toSeconds();
        assertTrue(Math.abs(retryAfter(r) - expected) <= 5, "Retry-After " + retryAfter(r) + " vs " + expected);
        assertEquals("DAY_EXHAUSTED", admin.state(A, FLASH));
        assertEquals("DAY_EXHAUSTED", admin.state(B, FLASH), "a misleading short retryDelay does not shorten the day");
        int before = fake.requests().size();
        assertEquals(429, chat(FLASH).statusCode());
        assertEquals(before, fake.requests().size(), "no call while every project waits for the day");
        assertEquals(200, chat(PRO).statusCode(), "the daily quota is per model");
    }

    @Test
    void limitZeroMeansTheModelIsUnavailableToThatProject() throws Exception {
        start(A + "," + B);
        fake.key(A, KeyBehavior.forModel(PRO, KeyBehavior.failsWith(GeminiError.quotaLimitZero(PRO))));
        fake.key(B, KeyBehavior.forModel(PRO, KeyBehavior.failsWith(GeminiError.quotaLimitZero(PRO))));
        HttpResponse<String> r = chat(PRO);
        assertEquals(503, r.statusCode(), r.body());
        JsonNode error = PoolAdmin.json(r.body()).get("error");
        assertEquals("model_not_available", error.get("code").asText());
        assertTrue(error.get("message").asText().contains("MODEL_UNAVAILABLE"), error.toString());
        assertEquals("MODEL_UNAVAILABLE", admin.state(A, PRO));
        assertEquals(200, chat(FLASH).statusCode(), "other models are fine");
        assertEquals(0, fake.requests(PRO).size() - 2, "two tries, then the model is known to be unavailable");
        assertEquals(503, chat(PRO).statusCode());
        assertEquals(2, fake.requests(PRO).size());
    }

    @Test
    void throttlingWithoutQuotaDetailsCoolsTheKeyBriefly() {
        start(A + "," + B);
        fake.key(A, KeyBehavior.failsWith(GeminiError.throttled()));
        assertEquals(200, chat(FLASH).statusCode());
        assertEquals(200, chat(FLASH).statusCode());
        assertEquals(1, callsWith(A));
        JsonNode flash = admin.model(A, FLASH);
        assertEquals("COOLING", flash.get("state").asText());
        long left = Duration.between(Instant.now(), Instant.parse(flash.get("until").asText())).toSeconds();
        assertTrue(left <= 10, "a short cooldown: " + left);
    }

    @Test
    void usedUpCreditsCoolTheProjectAndTellTheClient() throws Exception {
        start(A);
        fake.key(A, KeyBehavior.failsWith(GeminiError.creditsExhausted()));
        HttpResponse<String> r = chat(FLASH);
        assertEquals(429, r.statusCode(), r.body());
        assertEquals("insufficient_quota", PoolAdmin.json(r.body()).at("/error/code").asText());
        assertTrue(retryAfter(r) > 3500, "an hour: " + retryAfter(r));
        assertEquals("COOLING", admin.key(A).get("state").asText());
    }

    @Test
    void googlesOverloadInternalErrorsAndTimeoutsAreNeverTheKeysFault() {
        for (KeyBehavior trouble : new KeyBehavior[] {KeyBehavior.OVERLOADED, KeyBehavior.INTERNAL,
                KeyBehavior.failsWith(GeminiError.deadlineExceeded())}) {
            start(A + "," + B);
            fake.key(A, trouble, KeyBehavior.VALID);
            assertEquals(200, chat(FLASH).statusCode(), "retried on the other key");
            assertEquals("ACTIVE", admin.state(A, FLASH));
            assertEquals(200, chat(FLASH).statusCode());
            assertEquals(200, chat(FLASH).statusCode());
            assertTrue(callsWith(A) >= 2, "A keeps serving");
            assertEquals(0, admin.key(A).get("failuresInARow").asInt(), "reset by its success");
            gateway.close();
            gateway = null;
        }
    }

    @Test
    void theClientsOwnMistakesFailAtOnceWithoutBlamingAnyKey() throws Exception {
        start(A + "," + B);
        fake.key(A, KeyBehavior.failsWith(GeminiError.invalidArgument("Function call is missing a thought_signature in functionCall parts.")));
        fake.key(B, KeyBehavior.failsWith(GeminiError.invalidArgument("Function call is missing a thought_signature in functionCall parts.")));
        HttpResponse<String> r = chat(FLASH);
        assertEquals(400, r.statusCode(), r.body());
        assertEquals(1, fake.requests(":generateContent").size(), "no other key is tried for a bad request");
        assertEquals("ACTIVE", admin.state(A, FLASH));
        assertEquals("ACTIVE", admin.state(B, FLASH));

        fake.reset();
        fake.key(A, KeyBehavior.failsWith(GeminiError.modelNotFound(FLASH, "generateContent")));
        fake.key(B, KeyBehavior.failsWith(GeminiError.modelNotFound(FLASH, "generateContent")));
        assertEquals(404, chat(FLASH).statusCode());
        assertEquals(1, fake.requests(":generateContent").size());
        assertEquals("ACTIVE", admin.state(A, FLASH));
        assertEquals("ACTIVE", admin.state(B, FLASH));
    }

    @Test
    void theProjectNamedByGoogleIsLearnedAndItsKeysShareTheirQuota() {
        start(A + "," + B + "," + C);
        fake.key(A, KeyBehavior.failsWith(GeminiError.overloaded().withConsumer("77")), KeyBehavior.VALID);
        fake.key(B, KeyBehavior.failsWith(GeminiError.overloaded().withConsumer("77")), KeyBehavior.VALID);
        fake.key(C, KeyBehavior.OVERLOADED, KeyBehavior.VALID);
        assertEquals(503, chat(FLASH).statusCode(), "all three overloaded once");
        assertEquals("projects/77", admin.key(A).get("project").asText());
        assertEquals("projects/77", admin.key(B).get("project").asText());
        fake.key(A, KeyBehavior.quotaPerMinute(Duration.ofSeconds(30)));
        fake.key(B, KeyBehavior.VALID);
        for (int i = 0; i < 4; i++) {
            assertEquals(200, chat(FLASH).statusCode());
        }
        assertEquals("COOLING", admin.state(B, FLASH), "B shares A's project quota");
        java.util.List<com.geminigateway.testing.Received> calls = fake.requests(":generateContent");
        int aRefused = 3;
        while (!A.equals(calls.get(aRefused).apiKey())) {
            aRefused++;
        }
        assertTrue(calls.stream().skip(aRefused).noneMatch(r -> B.equals(r.apiKey())), "B never called once its project cools");
        assertEquals(1, calls.stream().skip(3).filter(r -> A.equals(r.apiKey())).count());
    }
}
