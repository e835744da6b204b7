package com.geminigateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.geminigateway.keys.ApiKey;
import com.geminigateway.testing.FakeGemini;
import com.geminigateway.testing.Http;
import com.geminigateway.testing.Reply;
import com.geminigateway.testing.SseReader;
import com.geminigateway.testing.TestGateway;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What requests count against Google's quotas, as the pool books it, and the local pre-check it feeds. */
@Timeout(30)
class UsageAccountingTest {

    static final String FLASH = "gemini-2.5-flash";
    static final String KEY = "usage-key-111111111111111";

    @TempDir
    Path dir;
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

    void start(Map<String, String> extra) {
        Map<String, String> settings = new java.util.HashMap<>(Map.of("GEMINI_API_KEYS", KEY, "GEMINI_BASE_URL", fake.baseUrl()));
        settings.putAll(extra);
        gateway = TestGateway.start(settings);
        admin = new PoolAdmin(gateway);
    }

    HttpResponse<String> chat(String prompt, boolean stream) {
        return Http.send(Http.postJson(gateway.baseUrl() + "/v1/chat/completions",
                "{\"model\":\"" + FLASH + "\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}"));
    }

    @Test
    void aServedRequestCountsItsRealTokensStreamedOrNot() {
        start(Map.of());
        fake.onPrompt("counted", Reply.text("Hello", " there").usage(12, 3, 40));
        assertEquals(200, chat("counted", false).statusCode());
        assertEquals(200, chat("counted", true).statusCode());

        JsonNode today = admin.usage(FLASH).get("today");
        assertEquals(2, today.get("requests").asLong());
        assertEquals(24, today.get("inputTokens").asLong(), "the real prompt count replaces the estimate");
        assertEquals(6, today.get("outputTokens").asLong());
        assertEquals(80, today.get("thinkingTokens").asLong());
        JsonNode perKey = admin.model(KEY, FLASH).get("usage");
        assertEquals(2, perKey.get("requestsToday").asLong());
        assertEquals(2, perKey.get("requestsLastMinute").asLong());
        assertEquals(24, perKey.get("inputTokensLastMinute").asLong());
    }

    @Test
    void aStreamTheClientAbandonsStillCountsItsRequest() throws Exception {
        start(Map.of());
        fake.onPrompt("forever", Reply.endless(Duration.ofMillis(50)).usage(30, 1, 0));
        HttpResponse<InputStream> r = Http.open(Http.postJson(gateway.baseUrl() + "/v1/chat/completions",
                "{\"model\":\"" + FLASH + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"forever\"}]}"));
        try (SseReader sse = new SseReader(r.body())) {
            sse.next();
            sse.next();
        }
        assertTrue(fake.awaitStreamAborted(Duration.ofSeconds(10)), "the gateway stopped the upstream stream");
        JsonNode today = admin.usage(FLASH).get("today");
        assertEquals(1, today.get("requests").asLong());
        assertEquals(30, today.get("inputTokens").asLong(), "from the last usage Gemini sent");
    }

    @Test
    void aFailedRequestDoesNotCount() {
        start(Map.of());
        fake.key(KEY, com.geminigateway.testing.KeyBehavior.OVERLOADED);
        assertEquals(503, chat("nope", false).statusCode());
        JsonNode report = PoolAdmin.json(admin.get("/usage").body());
        assertEquals(0, report.get("models").size(), "nothing was served, so no model is in use: " + report);
    }

    @Test
    void theLocalPreCheckAnswers429WithoutCallingGoogleWhenTheMinuteIsFull() throws Exception {
        Path limits = dir.resolve("limits.json");
        Files.writeString(limits, "{\"models\":{\"" + FLASH + "\":{\"free\":{\"rpm\":2,\"rpd\":100}}}}");
        start(Map.of("MODEL_LIMITS_FILE", limits.toString()));
        assertEquals(200, chat("one", false).statusCode());
        assertEquals(200, chat("two", false).statusCode());
        HttpResponse<String> third = chat("three", false);
        assertEquals(429, third.statusCode(), third.body());
        long retryAfter = Long.parseLong(third.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "until the minute window eases: " + retryAfter);
        assertTrue(third.body().contains("requests-per-minute"), third.body());
        assertEquals(2, fake.requests(":generateContent").size(), "Google was not asked a third time");
        JsonNode report = admin.usage(FLASH);
        assertEquals(2, report.at("/capacity/rpm").asLong());
        assertEquals(100, report.at("/capacity/rpd").asLong());
        assertEquals(2, report.get("requestsLastMinute").asLong());
        assertEquals("KEEP", report.at("/advice/kind").asText(), report.toString());
        assertEquals(List.of(ApiKey.idOf(KEY)), List.of(admin.key(KEY).get("id").asText()));
    }
}
