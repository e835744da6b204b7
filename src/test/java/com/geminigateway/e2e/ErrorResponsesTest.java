package com.geminigateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.geminigateway.json.Json;
import com.geminigateway.testing.FakeGemini;
import com.geminigateway.testing.Http;
import com.geminigateway.testing.TestGateway;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every bad input gets OpenAI's error envelope with the right status: never HTML, never a stack trace. */
@Timeout(30)
class ErrorResponsesTest {

    static FakeGemini fake;
    static TestGateway gateway;

    @BeforeAll
    static void start() {
        fake = FakeGemini.start();
        gateway = TestGateway.start(Map.of("GEMINI_API_KEYS", "key-for-errors-123456789",
                "GEMINI_BASE_URL", fake.baseUrl(), "MAX_REQUEST_BODY_MB", "1"));
        assertEquals(200, Http.send(Http.authorized(gateway.baseUrl() + "/v1/models")).statusCode());
    }

    @AfterAll
    static void stop() {
        gateway.close();
        fake.close();
    }

    static JsonNode error(HttpResponse<String> r, int status) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), r.headers().toString());
        JsonNode body = Json.MAPPER.readTree(r.body());
        JsonNode error = body.get("error");
        assertTrue(error != null && error.isObject(), r.body());
        for (String field : new String[] {"message", "type", "param", "code"}) {
            assertTrue(error.has(field), "error." + field + " in " + r.body());
        }
        assertFalse(error.get("message").asText().isBlank());
        assertFalse(r.body().contains("at com.") || r.body().contains("Exception"), "no stack trace: " + r.body());
        return error;
    }

    static HttpResponse<String> post(String body) {
        return Http.send(Http.postJson(gateway.baseUrl() + "/v1/chat/completions", body));
    }

    @Test
    void malformedJson() throws Exception {
        JsonNode e = error(post("{\"model\": \"gemini-2.5-flash\", \"messages\": ["), 400);
        assertEquals("invalid_request_error", e.get("type").asText());
    }

    @Test
    void wrongTypesNameTheField() throws Exception {
        assertEquals("temperature", error(post("{\"model\":\"gemini-2.5-flash\",\"temperature\":\"hot\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"), 400)
                .get("param").asText());
        assertEquals("messages", error(post("{\"model\":\"gemini-2.5-flash\",\"messages\":\"hello\"}"), 400).get("param").asText());
        error(post("[1,2,3]"), 400);
        error(post("null"), 400);
    }

    @Test
    void emptyMessagesOrNoModel() throws Exception {
        assertEquals("messages", error(post("{\"model\":\"gemini-2.5-flash\",\"messages\":[]}"), 400).get("param").asText());
        assertEquals("model", error(post("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"), 400).get("param").asText());
        error(Http.send(Http.postJson(gateway.baseUrl() + "/v1/chat/completions", "")), 400);
    }

    @Test
    void missingOrWrongPassword() throws Exception {
        HttpResponse<String> none = Http.send(Http.request(gateway.baseUrl() + "/v1/models"));
        assertEquals("invalid_api_key", error(none, 401).get("code").asText());
        HttpResponse<String> wrong = Http.send(Http.request(gateway.baseUrl() + "/v1/chat/completions")
                .header("Authorization", "Bearer not-the-password")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        error(wrong, 401);
        assertFalse(wrong.body().contains("not-the-password"), "the presented secret is not echoed");
    }

    @Test
    void unknownModelIsA404WithoutSpendingAKey() throws Exception {
        int before = fake.requests().size();
        JsonNode e = error(post("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"), 404);
        assertEquals("model_not_found", e.get("code").asText());
        assertEquals("model", e.get("param").asText());
        assertEquals(before, fake.requests().size());
    }

    @Test
    void unknownRoutesAndMethods() throws Exception {
        error(Http.send(Http.authorized(gateway.baseUrl() + "/v1/completions-of-the-future")), 404);
        error(Http.send(Http.authorized(gateway.baseUrl() + "/not-an-api")), 404);
        HttpResponse<String> get = Http.send(Http.authorized(gateway.baseUrl() + "/v1/chat/completions"));
        error(get, 405);
        assertTrue(get.headers().firstValue("Allow").orElse("").contains("POST"));
    }

    @Test
    void bodyTooLarge() throws Exception {
        String big = "{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(1_100_000) + "\"}]}";
        assertEquals("request_too_large", error(post(big), 413).get("code").asText());
    }

    @Test
    void wrongContentType() throws Exception {
        HttpResponse<String> r = Http.send(Http.authorized(gateway.baseUrl() + "/v1/chat/completions")
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("hello")));
        error(r, 415);
    }

    @Test
    void unsupportedContentParts() throws Exception {
        JsonNode e = error(post("{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"video_url\",\"video_url\":{}}]}]}"), 400);
        assertEquals("messages[0].content[0].type", e.get("param").asText());
    }

    @Test
    void deeplyNestedJsonIsRefused() throws Exception {
        String deep = "{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"metadata\":"
                + "[".repeat(5000) + "]".repeat(5000) + "}";
        error(post(deep), 400);
    }

    @Test
    void embeddedServerFilesAreNotServed() {
        HttpResponse<String> r = Http.send(Http.request(gateway.baseUrl() + "/org/apache/catalina/startup/Tomcat.class"));
        assertTrue(r.statusCode() == 403 || r.statusCode() == 404, "status " + r.statusCode());
        assertFalse(r.body().contains("CAFEBABE"));
    }
}
