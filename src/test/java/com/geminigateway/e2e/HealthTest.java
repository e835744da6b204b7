package com.geminigateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.geminigateway.json.Json;
import com.geminigateway.testing.FakeGemini;
import com.geminigateway.testing.Http;
import com.geminigateway.testing.KeyBehavior;
import com.geminigateway.testing.TestGateway;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** /healthz says the gateway runs; /readyz that it can serve: the model list is loaded and a key is usable. */
@Timeout(60)
class HealthTest {

    static final String KEY = "health-key-aaaa-1111";

    @Test
    void readyOnceTheModelListIsLoadedWithAUsableKey() throws Exception {
        try (FakeGemini fake = FakeGemini.start();
             TestGateway gateway = TestGateway.start(Map.of("GEMINI_API_KEYS", KEY, "GEMINI_BASE_URL", fake.baseUrl()))) {
            HttpResponse<String> alive = Http.send(Http.request(gateway.baseUrl() + "/healthz"));
            assertEquals(200, alive.statusCode());
            assertTrue(alive.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
            JsonNode health = Json.MAPPER.readTree(alive.body());
            assertEquals("UP", health.path("status").asText());
            assertTrue(health.path("version").asText().matches("\\d+\\.\\d+\\.\\d+.*"), alive.body());

            assertEquals(200, Http.send(Http.authorized(gateway.baseUrl() + "/v1/models")).statusCode()); // list loaded
            HttpResponse<String> ready = Http.send(Http.request(gateway.baseUrl() + "/readyz"));
            assertEquals(200, ready.statusCode(), ready.body());
            assertEquals("{\"ready\":true,\"modelsLoaded\":true,\"models\":4,\"usableKeys\":1,\"keys\":1}", ready.body());
        }
    }

    @Test
    void notReadyWithoutAUsableKey() throws Exception {
        try (FakeGemini fake = FakeGemini.start();
             TestGateway noKeys = TestGateway.start(Map.of("GEMINI_API_KEYS", "", "GEMINI_BASE_URL", fake.baseUrl()))) {
            HttpResponse<String> ready = Http.send(Http.request(noKeys.baseUrl() + "/readyz"));
            assertEquals(503, ready.statusCode());
            assertEquals("{\"ready\":false,\"modelsLoaded\":false,\"models\":0,\"usableKeys\":0,\"keys\":0}", ready.body());
            assertEquals(200, Http.send(Http.request(noKeys.baseUrl() + "/healthz")).statusCode(), "alive all the same");
        }
        try (FakeGemini fake = FakeGemini.start();
             TestGateway invalid = TestGateway.start(Map.of("GEMINI_API_KEYS", KEY, "GEMINI_BASE_URL", fake.baseUrl()))) {
            assertEquals(200, Http.send(Http.authorized(invalid.baseUrl() + "/v1/models")).statusCode());
            fake.key(KEY, KeyBehavior.INVALID);
            Http.send(Http.postJson(invalid.baseUrl() + "/v1/chat/completions",
                    "{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
            HttpResponse<String> ready = Http.send(Http.request(invalid.baseUrl() + "/readyz"));
            assertEquals(503, ready.statusCode());
            assertTrue(ready.body().contains("\"modelsLoaded\":true") && ready.body().contains("\"usableKeys\":0"), ready.body());
        }
    }
}
