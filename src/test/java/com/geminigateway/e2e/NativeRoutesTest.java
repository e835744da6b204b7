package com.geminigateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.geminigateway.json.Json;
import com.geminigateway.testing.FakeGemini;
import com.geminigateway.testing.Gate;
import com.geminigateway.testing.GeminiError;
import com.geminigateway.testing.Http;
import com.geminigateway.testing.KeyBehavior;
import com.geminigateway.testing.Received;
import com.geminigateway.testing.Reply;
import com.geminigateway.testing.SseReader;
import com.geminigateway.testing.TestGateway;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Google's own API under /v1beta with pooled keys: bodies untouched, streams as they come, Google's errors. */
@Timeout(30)
class NativeRoutesTest {

    static final String KEY_A = "native-key-aaaaaaaaaaaa";
    static final String KEY_B = "native-key-bbbbbbbbbbbb";
    static final String BODY = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hello native\"}]}],"
            + "\"generationConfig\":{\"temperature\":0.5}}";

    static FakeGemini fake;
    static TestGateway gateway;

    @BeforeAll
    static void start() {
        fake = FakeGemini.start();
        gateway = TestGateway.start(Map.of("GEMINI_API_KEYS", KEY_A + "," + KEY_B, "GEMINI_BASE_URL", fake.baseUrl()));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        fake.close();
    }

    @AfterEach
    void resetFake() {
        fake.reset();
    }

    static String url(String pathAndQuery) {
        return gateway.baseUrl() + pathAndQuery;
    }

    /** As Google's SDKs send it: the key in x-goog-api-key. */
    static HttpRequest.Builder google(String pathAndQuery) {
        return Http.request(url(pathAndQuery)).header("x-goog-api-key", TestGateway.PASSWORD);
    }

    static HttpRequest.Builder post(HttpRequest.Builder request, String body) {
        return request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    }

    @Test
    void listsAndGetsModelsAsGoogleDoesWithThePasswordInTheQuery() throws Exception {
        HttpResponse<String> list = Http.send(Http.request(url("/v1beta/models?pageSize=2&key=" + TestGateway.PASSWORD)));
        assertEquals(200, list.statusCode(), list.body());
        JsonNode page = Json.MAPPER.readTree(list.body());
        assertEquals("models/gemini-2.5-flash", page.at("/models/0/name").asText());
        assertTrue(page.has("nextPageToken"), "Google's paging passes through");
        Received sent = fake.lastRequest();
        assertEquals("pageSize=2", sent.query(), "the client's key is not forwarded");
        assertTrue(List.of(KEY_A, KEY_B).contains(sent.apiKey()), "a pooled key is");

        HttpResponse<String> one = Http.send(google("/v1beta/models/gemini-2.5-pro"));
        assertEquals(200, one.statusCode());
        assertEquals("models/gemini-2.5-pro", Json.MAPPER.readTree(one.body()).get("name").asText());
    }

    @Test
    void generateContentPassesTheBodyUntouchedBothWays() throws Exception {
        fake.onPrompt("hello native", Reply.text("Hi ", "there").usage(3, 2, 0));
        HttpResponse<String> r = Http.send(post(google("/v1beta/models/gemini-2.5-flash:generateContent"), BODY));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode answer = Json.MAPPER.readTree(r.body());
        assertEquals("Hi there", answer.at("/candidates/0/content/parts/0/text").asText());
        assertEquals(5, answer.at("/usageMetadata/totalTokenCount").asInt());
        assertEquals(BODY, fake.lastRequest().body());
        assertNull(fake.lastRequest().query());
    }

    @Test
    void streamGenerateContentForwardsEachEventAsItArrives() throws Exception {
        Gate gate = new Gate();
        fake.onPrompt("hello native", Reply.text("one ", "two").gate(1, gate));
        HttpResponse<InputStream> r = Http.open(post(Http.request(
                url("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse&key=" + TestGateway.PASSWORD)), BODY));
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        try (SseReader sse = new SseReader(r.body())) {
            JsonNode first = Json.MAPPER.readTree(sse.next());
            assertEquals("one ", first.at("/candidates/0/content/parts/0/text").asText());
            assertFalse(gate.isOpen(), "the first event arrived while Gemini still held the second");
            gate.open();
            JsonNode second = Json.MAPPER.readTree(sse.next());
            assertEquals("STOP", second.at("/candidates/0/finishReason").asText());
            assertNull(sse.next(), "no [DONE]: Google's format ends at EOF");
        }
        assertEquals("alt=sse", fake.lastRequest().query());
    }

    @Test
    void streamGenerateContentWithoutAltSsePassesGooglesJsonArrayStream() throws Exception {
        fake.onPrompt("hello native", Reply.text("one ", "two"));
        HttpResponse<String> r = Http.send(post(google("/v1beta/models/gemini-2.5-flash:streamGenerateContent"), BODY));
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode array = Json.MAPPER.readTree(r.body());
        assertEquals(2, array.size());
        assertEquals("one ", array.at("/0/candidates/0/content/parts/0/text").asText());
        assertNull(fake.lastRequest().query());
    }

    @Test
    void failsOverToAnotherKeyBeforeTheFirstByte() throws Exception {
        // The model list loads with a pooled key at start-up: let it finish before a key turns invalid.
        assertEquals(200, Http.send(Http.authorized(gateway.baseUrl() + "/v1/models")).statusCode());
        fake.reset();
        fake.key(KEY_A, KeyBehavior.INVALID);
        // Two fresh keys: the pool spreads two requests over both, so one of them starts on the invalid key.
        for (int i = 0; i < 2; i++) {
            HttpResponse<InputStream> r = Http.open(post(google("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse"), BODY));
            assertEquals(200, r.statusCode());
            assertEquals(2, SseReader.readAll(r.body()).size());
        }
        List<Received> sent = fake.requests(":streamGenerateContent");
        assertEquals(3, sent.size(), "one request failed over");
        assertEquals(1, sent.stream().filter(s -> KEY_A.equals(s.apiKey())).count());
    }

    @Test
    void geminisRefusalComesBackInGooglesEnvelopeAndGatewayErrorsToo() throws Exception {
        fake.onPrompt("hello native", Reply.error(GeminiError.inputTokenLimitExceeded()));
        HttpResponse<String> r = Http.send(post(google("/v1beta/models/gemini-2.5-flash:generateContent"), BODY));
        assertEquals(400, r.statusCode());
        JsonNode error = Json.MAPPER.readTree(r.body()).get("error");
        assertEquals("INVALID_ARGUMENT", error.get("status").asText());
        assertTrue(error.get("message").asText().contains("token"), r.body());
        assertEquals(1, fake.requests(":generateContent").size(), "a client error is not retried");

        HttpResponse<String> unknown = Http.send(post(google("/v1beta/models/gemini-2.5-flash:predict"), BODY));
        assertEquals(404, unknown.statusCode());
        assertEquals("NOT_FOUND", Json.MAPPER.readTree(unknown.body()).at("/error/status").asText());

        HttpResponse<String> noPassword = Http.send(post(Http.request(url("/v1beta/models/gemini-2.5-flash:generateContent")), BODY));
        assertEquals(401, noPassword.statusCode());
        assertEquals("UNAUTHENTICATED", Json.MAPPER.readTree(noPassword.body()).at("/error/status").asText());

        fake.key(KEY_A, KeyBehavior.INVALID).key(KEY_B, KeyBehavior.INVALID);
        HttpResponse<String> noKey = Http.send(post(google("/v1beta/models/gemini-2.5-flash:countTokens"), BODY));
        assertEquals(503, noKey.statusCode());
        JsonNode gatewayError = Json.MAPPER.readTree(noKey.body()).get("error");
        assertEquals("UNAVAILABLE", gatewayError.get("status").asText());
        assertFalse(noKey.body().contains(KEY_A) || noKey.body().contains(KEY_B), "keys never leak");
    }

    @Test
    void countTokensAndEmbeddingsPassThrough() throws Exception {
        HttpResponse<String> count = Http.send(post(google("/v1beta/models/gemini-2.5-flash:countTokens"),
                "{\"contents\":[{\"parts\":[{\"text\":\"three little words\"}]}]}"));
        assertEquals(200, count.statusCode(), count.body());
        assertEquals(3, Json.MAPPER.readTree(count.body()).get("totalTokens").asInt());

        HttpResponse<String> embed = Http.send(post(google("/v1beta/models/gemini-embedding-001:batchEmbedContents"),
                "{\"requests\":[{\"model\":\"models/gemini-embedding-001\",\"content\":{\"parts\":[{\"text\":\"a\"}]},"
                        + "\"outputDimensionality\":4}]}"));
        assertEquals(200, embed.statusCode(), embed.body());
        assertEquals(4, Json.MAPPER.readTree(embed.body()).at("/embeddings/0/values").size());
    }
}
