package com.geminigateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.geminigateway.json.Json;
import com.geminigateway.testing.FakeGemini;
import com.geminigateway.testing.Http;
import com.geminigateway.testing.KeyBehavior;
import com.geminigateway.testing.Received;
import com.geminigateway.testing.Reply;
import com.geminigateway.testing.SseReader;
import com.geminigateway.testing.TestGateway;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the key pool does with each upstream failure, seen from a client. Each test has its own gateway. */
@Timeout(30)
class FailoverTest {

    static final String GOOD = "good-key-1111111111111111";
    static final String BAD = "bad-key-22222222222222222";
    static final String OTHER = "other-key-333333333333333";

    FakeGemini fake;
    TestGateway gateway;

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

    void startGateway(String keys) {
        gateway = TestGateway.start(Map.of("GEMINI_API_KEYS", keys, "GEMINI_BASE_URL", fake.baseUrl()));
        // The model list loads at start-up with a pooled key; let it finish before scripting the keys.
        assertEquals(200, Http.send(Http.authorized(gateway.baseUrl() + "/v1/models")).statusCode());
    }

    HttpResponse<String> chat(String prompt) {
        return Http.send(Http.postJson(gateway.baseUrl() + "/v1/chat/completions",
                "{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}"));
    }

    long callsWith(String key) {
        return fake.requests(":generateContent").stream().filter(r -> key.equals(r.apiKey())).count()
                + fake.requests(":streamGenerateContent").stream().filter(r -> key.equals(r.apiKey())).count();
    }

    static JsonNode json(String body) throws Exception {
        return Json.MAPPER.readTree(body);
    }

    @Test
    void anInvalidKeyIsSkippedAtOnceAndNeverUsedAgain() {
        startGateway(BAD + "," + GOOD);
        fake.key(BAD, KeyBehavior.INVALID);
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> r = chat("hello " + i);
            assertEquals(200, r.statusCode(), r.body());
        }
        assertEquals(1, callsWith(BAD), "tried once, then out of the rotation");
        assertEquals(4, callsWith(GOOD));
    }

    @Test
    void aStreamFailsOverBeforeItsFirstByte() throws Exception {
        startGateway(BAD + "," + GOOD);
        fake.key(BAD, KeyBehavior.INVALID);
        for (int i = 0; i < 2; i++) {
            HttpResponse<InputStream> r = Http.open(Http.postJson(gateway.baseUrl() + "/v1/chat/completions",
                    "{\"model\":\"gemini-2.5-flash\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
            assertEquals(200, r.statusCode());
            List<String> events = SseReader.readAll(r.body());
            assertEquals("[DONE]", events.get(events.size() - 1));
            assertTrue(events.stream().noneMatch(e -> e.contains("\"error\"")), events.toString());
        }
        assertEquals(1, callsWith(BAD));
    }

    @Test
    void aRateLimitedKeyCoolsDownWhileAnotherServes() {
        startGateway(BAD + "," + GOOD);
        fake.key(BAD, KeyBehavior.quotaPerMinute(Duration.ofSeconds(40)));
        for (int i = 0; i < 3; i++) {
            assertEquals(200, chat("q" + i).statusCode());
        }
        assertEquals(1, callsWith(BAD));
    }

    @Test
    void whenEveryKeyIsRateLimitedTheClientGets429WithRetryAfter() throws Exception {
        startGateway(BAD + "," + OTHER);
        fake.key(BAD, KeyBehavior.quotaPerMinute(Duration.ofSeconds(37)));
        fake.key(OTHER, KeyBehavior.quotaPerMinute(Duration.ofSeconds(20)));
        HttpResponse<String> r = chat("busy");
        assertEquals(429, r.statusCode(), r.body());
        long retryAfter = Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 19 && retryAfter <= 20, "the earliest key recovery: " + retryAfter);
        assertEquals("rate_limit_exceeded", json(r.body()).at("/error/code").asText());

        // While both cool down, no request reaches Gemini at all.
        int before = fake.requests().size();
        HttpResponse<String> again = chat("still busy");
        assertEquals(429, again.statusCode());
        assertTrue(again.headers().firstValue("Retry-After").isPresent());
        assertEquals(before, fake.requests().size());
    }

    @Test
    void googlesOverloadIsRetriedOnAnotherKeyWithoutBlamingTheKey() {
        startGateway(BAD + "," + GOOD);
        fake.key(BAD, KeyBehavior.OVERLOADED, KeyBehavior.VALID);
        fake.key(GOOD, KeyBehavior.OVERLOADED, KeyBehavior.VALID);
        HttpResponse<String> r = chat("retry me");
        assertEquals(503, r.statusCode(), "both keys overloaded once: " + r.body());
        assertEquals("5", r.headers().firstValue("Retry-After").orElseThrow());
        // Neither key was taken out: both serve again.
        assertEquals(200, chat("now fine").statusCode());
        assertEquals(200, chat("now fine").statusCode());
        assertEquals(2, callsWith(BAD));
        assertEquals(2, callsWith(GOOD));
    }

    @Test
    void honestStatusesWhenEveryAttemptFails() throws Exception {
        startGateway(BAD + "," + OTHER);
        fake.key(BAD, KeyBehavior.INTERNAL);
        fake.key(OTHER, KeyBehavior.INTERNAL);
        HttpResponse<String> r = chat("boom");
        assertEquals(502, r.statusCode());
        assertEquals("server_error", json(r.body()).at("/error/type").asText());
        String requestId = r.headers().firstValue("X-Request-Id").orElseThrow();
        assertTrue(json(r.body()).at("/error/message").asText().contains(requestId), "the id to look up in the log");
    }

    @Test
    void whenEveryKeyIsInvalidTheAnswerIs503AndSaysWhy() throws Exception {
        startGateway(BAD + "," + OTHER);
        fake.key(BAD, KeyBehavior.INVALID);
        fake.key(OTHER, KeyBehavior.SUSPENDED);
        HttpResponse<String> r = chat("nobody home");
        assertEquals(503, r.statusCode(), r.body());
        JsonNode error = json(r.body()).get("error");
        assertEquals("upstream_auth_failed", error.get("code").asText());
        assertFalse(r.body().contains(BAD) || r.body().contains(OTHER), "keys never reach a client");
    }

    @Test
    void withoutAnyKeyTheGatewayStillStartsAndAnswers503() throws Exception {
        gateway = TestGateway.start(Map.of("GEMINI_API_KEYS", "", "GEMINI_BASE_URL", fake.baseUrl()));
        HttpResponse<String> r = chat("anyone?");
        assertEquals(503, r.statusCode());
        assertEquals("no_api_keys", json(r.body()).at("/error/code").asText());
        assertEquals(503, Http.send(Http.authorized(gateway.baseUrl() + "/v1/models")).statusCode());
    }

    @Test
    void aSuspendedKeysMessageIsMaskedBeforeItReachesTheClient() {
        startGateway(BAD);
        fake.key(BAD, KeyBehavior.SUSPENDED);
        HttpResponse<String> r = chat("leak?");
        assertEquals(503, r.statusCode());
        assertFalse(r.body().contains(BAD));
        for (Received received : fake.requests()) {
            assertTrue(received.query() == null || !received.query().contains(BAD));
        }
    }
}
