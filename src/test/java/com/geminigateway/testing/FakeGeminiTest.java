package com.geminigateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class FakeGeminiTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(WAIT)
            .build();
    private static final ExecutorService READERS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "test-sse-reader");
        thread.setDaemon(true);
        return thread;
    });

    private FakeGemini fake;

    @BeforeEach
    void startFake() {
        fake = FakeGemini.start();
    }

    @AfterEach
    void stopFake() {
        fake.close();
    }

    @AfterAll
    static void stopReaders() {
        READERS.shutdownNow();
    }

    // ------------------------------------------------------------------ models

    @Test
    void modelsListPagesThroughAllModels() throws Exception {
        List<String> names = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String pageToken = null;
        do {
            HttpResponse<String> response = get("/v1beta/models?pageSize=50"
                    + (pageToken == null ? "" : "&pageToken=" + pageToken), "k1");
            assertEquals(200, response.statusCode());
            JsonNode page = json(response.body());
            page.get("models").forEach(model -> names.add(model.get("name").asText()));
            pageSizes.add(page.get("models").size());
            pageToken = page.has("nextPageToken") ? page.get("nextPageToken").asText() : null;
        } while (pageToken != null);

        assertEquals(List.of("models/gemini-2.5-flash", "models/gemini-2.5-pro", "models/gemini-2.0-flash",
                "models/gemini-embedding-001"), names);
        assertEquals(List.of(2, 2), pageSizes, "capped by the default max page size of 2");
        assertEquals(2, fake.requests("/v1beta/models").size());
    }

    @Test
    void modelsCarryMethodsAndUnknownModelIsNotFound() throws Exception {
        JsonNode flash = json(get("/v1beta/models/gemini-2.5-flash", "k1").body());
        assertEquals("Gemini 2.5 Flash", flash.get("displayName").asText());
        assertEquals("[\"generateContent\",\"countTokens\"]", flash.get("supportedGenerationMethods").toString());
        JsonNode embedding = json(get("/v1beta/models/gemini-embedding-001", "k1").body());
        assertEquals("[\"embedContent\",\"batchEmbedContents\"]", embedding.get("supportedGenerationMethods").toString());

        HttpResponse<String> missing = post("/v1beta/models/gemini-0-nope:generateContent", "k1", generateBody("hi"));
        assertEquals(404, missing.statusCode());
        JsonNode error = json(missing.body()).get("error");
        assertEquals("NOT_FOUND", error.get("status").asText());
        assertTrue(error.get("message").asText().startsWith(
                "models/gemini-0-nope is not found for API version v1beta, or is not supported for generateContent."));
    }

    // ------------------------------------------------------------------ generateContent

    @Test
    void nonStreamReplyFromScript() throws Exception {
        fake.onPrompt("weather", Reply.text("Sunny", " and warm.").usage(7, 3, 20));

        HttpResponse<String> response = post("/v1beta/models/gemini-2.5-pro:generateContent", "k1",
                generateBody("What is the weather?"));

        assertEquals(200, response.statusCode());
        JsonNode body = json(response.body());
        assertEquals("Sunny and warm.", text(body));
        assertEquals("STOP", body.at("/candidates/0/finishReason").asText());
        assertEquals("{\"promptTokenCount\":7,\"candidatesTokenCount\":3,\"thoughtsTokenCount\":20,\"totalTokenCount\":30}",
                body.get("usageMetadata").toString());
        assertEquals("gemini-2.5-pro", body.get("modelVersion").asText());
        assertFalse(body.get("responseId").asText().isEmpty());
    }

    @Test
    void repliesInTurnAndMatchesFunctionResults() throws Exception {
        fake.onPrompt("again", Reply.text("first"), Reply.text("second"));
        fake.onPrompt("[functionResponse get_time]", Reply.text("It is noon."));
        assertEquals("first", text(json(post("/v1beta/models/gemini-2.5-flash:generateContent", "k1", generateBody("again")).body())));
        assertEquals("second", text(json(post("/v1beta/models/gemini-2.5-flash:generateContent", "k1", generateBody("again")).body())));
        assertEquals("second", text(json(post("/v1beta/models/gemini-2.5-flash:generateContent", "k1", generateBody("again")).body())));
        String result = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"functionResponse\":{\"name\":\"get_time\","
                + "\"response\":{\"output\":\"12:00\"}}}]}]}";
        assertEquals("It is noon.", text(json(post("/v1beta/models/gemini-2.5-flash:generateContent", "k1", result).body())));
    }

    @Test
    void streamWithoutAltSseIsGooglesJsonArray() throws Exception {
        fake.onPrompt("array", Reply.text("a", "b"));
        HttpResponse<String> response = post("/v1beta/models/gemini-2.5-flash:streamGenerateContent", "k1", generateBody("array"));
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode array = json(response.body());
        assertEquals(2, array.size());
        assertEquals("a", text(array.get(0)));
        assertEquals("STOP", array.get(1).at("/candidates/0/finishReason").asText());
    }

    @Test
    void defaultReplyEchoesTheLastUserText() throws Exception {
        String body = "{\"contents\":["
                + "{\"role\":\"user\",\"parts\":[{\"text\":\"first question\"}]},"
                + "{\"role\":\"model\",\"parts\":[{\"text\":\"an answer\"}]},"
                + "{\"parts\":[{\"text\":\"second question\"}]}]}";

        JsonNode response = json(post("/v1beta/models/gemini-2.5-flash:generateContent", "k1", body).body());

        assertEquals("Echo: second question", text(response));
        assertEquals(6, response.at("/usageMetadata/promptTokenCount").asInt(), "words in all contents");
        assertEquals(3, response.at("/usageMetadata/candidatesTokenCount").asInt());
    }

    @Test
    void streamWithCrlfFramingParsesIntoEvents() throws Exception {
        fake.sseLineEnding("\r\n");

        HttpResponse<String> response = post("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", "k1",
                generateBody("hello world"));

        assertEquals(200, response.statusCode());
        assertEquals("text/event-stream", response.headers().firstValue("Content-Type").orElse(""));
        String raw = response.body();
        assertTrue(raw.startsWith("data: {") && raw.endsWith("}\r\n\r\n"), raw);
        assertEquals(raw.split("\n", -1).length, raw.split("\r\n", -1).length, "every \\n is part of a \\r\\n");
        assertFalse(raw.contains("[DONE]"));

        List<JsonNode> events = events(raw);
        assertEquals(2, events.size());
        assertEquals("Echo: hello world", text(events.get(0)) + text(events.get(1)));
        assertTrue(events.get(0).at("/candidates/0/finishReason").isMissingNode(), "only the last chunk finishes");
        assertEquals("STOP", events.get(1).at("/candidates/0/finishReason").asText());
        assertEquals(events.get(0).get("responseId"), events.get(1).get("responseId"));
        for (JsonNode event : events) {
            assertEquals("gemini-2.5-flash", event.get("modelVersion").asText());
            assertEquals(2, event.at("/usageMetadata/promptTokenCount").asInt());
        }
        assertEquals(3, events.get(1).at("/usageMetadata/candidatesTokenCount").asInt(), "final running total");
        assertEquals(5, events.get(1).at("/usageMetadata/totalTokenCount").asInt());
    }

    @Test
    void fragmentedWritesStillFrameWholeEvents() throws Exception {
        fake.fragmentedWrites(true).onPrompt("snow", Reply.text("héllo ", "wörld ☃"));

        HttpResponse<String> response = post("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", "k1",
                generateBody("snow"));

        List<JsonNode> events = events(response.body());
        assertEquals(List.of("héllo ", "wörld ☃"), List.of(text(events.get(0)), text(events.get(1))));
    }

    @Test
    void gateHoldsSecondChunkUntilOpened() throws Exception {
        Gate gate = new Gate();
        fake.onPrompt("slow", Reply.text("one ", "two").gate(1, gate));

        HttpResponse<InputStream> response = CLIENT.send(
                streamRequest("gemini-2.5-flash", "k1", generateBody("slow please")), BodyHandlers.ofInputStream());
        try (SseReader sse = new SseReader(response.body())) {
            assertEquals("one ", text(json(sse.next())));
            assertTrue(gate.awaitReached(WAIT), "the fake flushed chunk 0 and waits at the gate");
            assertEquals(1, fake.openStreams());

            CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> next(sse), READERS);
            assertFalse(second.isDone());
            assertThrows(TimeoutException.class, () -> second.get(100, TimeUnit.MILLISECONDS),
                    "chunk 1 must not arrive while the gate is closed");

            gate.open();
            JsonNode last = json(second.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
            assertEquals("two", text(last));
            assertEquals("STOP", last.at("/candidates/0/finishReason").asText());
            assertNull(sse.next(), "the stream ends after the last chunk");
        }
    }

    @Test
    void errorEventMidStream() throws Exception {
        fake.onPrompt("fail", Reply.text("partial ", "never").errorAfter(1));

        HttpResponse<String> response = post("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", "k1",
                generateBody("fail"));

        assertEquals(200, response.statusCode());
        List<JsonNode> events = events(response.body());
        assertEquals(2, events.size());
        assertEquals("partial ", text(events.get(0)));
        assertEquals(500, events.get(1).at("/error/code").asInt());
        assertEquals("INTERNAL", events.get(1).at("/error/status").asText());
    }

    @Test
    void droppedConnectionMidStream() throws Exception {
        fake.onPrompt("cut", Reply.text("partial ", "never").dropAfter(1));

        HttpResponse<InputStream> response = CLIENT.send(
                streamRequest("gemini-2.5-flash", "k1", generateBody("cut")), BodyHandlers.ofInputStream());
        try (SseReader sse = new SseReader(response.body())) {
            assertEquals("partial ", text(json(sse.next())));
            assertThrows(IOException.class, sse::next, "the response ends without its last chunk");
        }
    }

    @Test
    void blockedPromptHasFeedbackAndNoCandidates() throws Exception {
        fake.onPrompt("forbidden", Reply.promptBlocked());

        List<JsonNode> events = events(post("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", "k1",
                generateBody("something forbidden")).body());

        assertEquals(1, events.size());
        assertEquals("SAFETY", events.get(0).at("/promptFeedback/blockReason").asText());
        assertFalse(events.get(0).has("candidates"));
        assertEquals(2, events.get(0).at("/usageMetadata/totalTokenCount").asInt());
    }

    @Test
    void rawJsonReplyPassesThrough() throws Exception {
        fake.onPrompt("tool", Reply.json("{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":"
                + "[{\"functionCall\":{\"name\":\"get_weather\",\"args\":{\"city\":\"Paris\"}}}]},\"finishReason\":\"STOP\"}]}"));

        JsonNode body = json(post("/v1beta/models/gemini-2.5-flash:generateContent", "k1", generateBody("use a tool")).body());

        assertEquals("Paris", body.at("/candidates/0/content/parts/0/functionCall/args/city").asText());
        assertEquals("gemini-2.5-flash", body.get("modelVersion").asText());
    }

    @Test
    void perPromptHttpErrorAndUnknownFields() throws Exception {
        fake.onPrompt("huge", Reply.error(GeminiError.inputTokenLimitExceeded()));

        HttpResponse<String> tooLong = post("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", "k1",
                generateBody("a huge prompt"));
        assertEquals(400, tooLong.statusCode());
        assertTrue(json(tooLong.body()).at("/error/message").asText()
                .contains("The input token count exceeds the maximum number of tokens allowed"));

        ObjectNode withOpenAiField = (ObjectNode) json(generateBody("hi"));
        withOpenAiField.put("stream", true);
        HttpResponse<String> unknown = post("/v1beta/models/gemini-2.5-flash:generateContent", "k1", withOpenAiField.toString());
        assertEquals(400, unknown.statusCode());
        JsonNode error = json(unknown.body()).get("error");
        assertEquals("Invalid JSON payload received. Unknown name \"stream\": Cannot find field.", error.get("message").asText());
        assertEquals("type.googleapis.com/google.rpc.BadRequest", error.at("/details/0/@type").asText());
    }

    // ------------------------------------------------------------------ keys

    @Test
    void invalidKeyGetsApiKeyInvalidEnvelope() throws Exception {
        fake.key("bad", KeyBehavior.INVALID);

        for (HttpResponse<String> response : List.of(
                get("/v1beta/models", "bad"),
                post("/v1beta/models/gemini-2.5-flash:generateContent", "bad", generateBody("hi")))) {
            assertEquals(400, response.statusCode());
            JsonNode error = json(response.body()).get("error");
            assertEquals(400, error.get("code").asInt());
            assertEquals("INVALID_ARGUMENT", error.get("status").asText());
            assertEquals("API key not valid. Please pass a valid API key.", error.get("message").asText());
            assertEquals("type.googleapis.com/google.rpc.ErrorInfo", error.at("/details/0/@type").asText());
            assertEquals("API_KEY_INVALID", error.at("/details/0/reason").asText());
        }
    }

    @Test
    void quotaPerMinuteEnvelopeHasQuotaFailureAndRetryInfo() throws Exception {
        fake.key("busy", KeyBehavior.QUOTA_PER_MINUTE);

        HttpResponse<String> response = post("/v1beta/models/gemini-2.5-flash:generateContent", "busy", generateBody("hi"));

        assertEquals(429, response.statusCode());
        JsonNode error = json(response.body()).get("error");
        assertEquals("RESOURCE_EXHAUSTED", error.get("status").asText());
        JsonNode quota = detail(error, "QuotaFailure").at("/violations/0");
        assertEquals("GenerateRequestsPerMinutePerProjectPerModel-FreeTier", quota.get("quotaId").asText());
        assertEquals("10", quota.get("quotaValue").asText());
        assertEquals("gemini-2.5-flash", quota.at("/quotaDimensions/model").asText());
        assertEquals("37s", detail(error, "RetryInfo").get("retryDelay").asText());
    }

    @Test
    void missingKeySuspendedKeyAndKeySequences() throws Exception {
        HttpResponse<String> noKey = post("/v1beta/models/gemini-2.5-flash:generateContent", null, generateBody("hi"));
        assertEquals(403, noKey.statusCode());
        assertEquals("PERMISSION_DENIED", json(noKey.body()).at("/error/status").asText());

        fake.key("AIzaSuspended", KeyBehavior.SUSPENDED)
            .key("flaky", KeyBehavior.OVERLOADED, KeyBehavior.VALID);

        JsonNode suspended = json(get("/v1beta/models", "AIzaSuspended").body()).get("error");
        assertEquals(403, suspended.get("code").asInt());
        assertTrue(suspended.get("message").asText().contains("Consumer 'api_key:AIzaSuspended' has been suspended."));
        assertEquals("CONSUMER_SUSPENDED", suspended.at("/details/0/reason").asText());
        assertEquals("projects/123", suspended.at("/details/0/metadata/consumer").asText());

        String path = "/v1beta/models/gemini-2.5-flash:generateContent";
        assertEquals(503, post(path, "flaky", generateBody("hi")).statusCode());
        assertEquals(200, post(path, "flaky", generateBody("hi")).statusCode());
        assertEquals(200, post(path, "flaky", generateBody("hi")).statusCode(), "the last behaviour repeats");
    }

    // ------------------------------------------------------------------ recording

    @Test
    void recordsKeyHeadersAndBody() throws Exception {
        String body = generateBody("remember me");
        post("/v1beta/models/gemini-2.5-flash:generateContent", "header-key", body);
        HttpResponse<String> viaQuery = CLIENT.send(HttpRequest.newBuilder(
                        URI.create(fake.baseUrl() + "/v1beta/models/gemini-2.0-flash:generateContent?key=query-key"))
                .timeout(WAIT).POST(HttpRequest.BodyPublishers.ofString(body)).build(), BodyHandlers.ofString());
        assertEquals(200, viaQuery.statusCode());

        Received first = fake.requests().get(0);
        assertEquals("POST", first.method());
        assertEquals("/v1beta/models/gemini-2.5-flash:generateContent", first.path());
        assertEquals("header-key", first.apiKey());
        assertEquals("header-key", first.header("X-Goog-Api-Key"));
        assertEquals(body, first.body());
        assertEquals("remember me", first.lastUserText());
        assertEquals("gemini-2.5-flash", first.model());

        Received last = fake.lastRequest();
        assertEquals("query-key", last.apiKey());
        assertEquals("key=query-key", last.query());
        assertEquals("remember me", last.json().at("/contents/0/parts/0/text").asText());

        fake.reset();
        assertTrue(fake.requests().isEmpty());
        assertThrows(IllegalStateException.class, fake::lastRequest);
    }

    // ------------------------------------------------------------------ aborts

    @Test
    void detectsClientClosingAnEndlessStream() throws Exception {
        fake.onPrompt("forever", Reply.endless(Duration.ofMillis(10)).maxDuration(Duration.ofSeconds(8)));

        HttpResponse<InputStream> response = CLIENT.send(
                streamRequest("gemini-2.5-flash", "k1", generateBody("talk forever")), BodyHandlers.ofInputStream());
        SseReader sse = new SseReader(response.body());
        assertEquals("tick ", text(json(sse.next())));
        assertFalse(fake.awaitStreamAborted(Duration.ZERO), "still streaming");
        sse.close();

        assertTrue(fake.awaitStreamAborted(WAIT), "the fake noticed the client went away");
        StreamAbort abort = fake.streamAborts().get(0);
        assertEquals("gemini-2.5-flash", abort.model());
        assertEquals("k1", abort.apiKey());
        assertTrue(abort.eventsSent() >= 1);
    }

    @Test
    void closeReleasesRequestsHeldAtGates() throws Exception {
        Gate neverOpened = new Gate();
        fake.onPrompt("hold", Reply.text("never").gate(0, neverOpened));
        CompletableFuture<HttpResponse<String>> pending = CLIENT.sendAsync(
                request("/v1beta/models/gemini-2.5-flash:generateContent", "k1")
                        .POST(HttpRequest.BodyPublishers.ofString(generateBody("hold on"))).build(),
                BodyHandlers.ofString());
        assertTrue(fake.awaitRequests(1, WAIT));
        assertTrue(neverOpened.awaitReached(WAIT));

        fake.close();

        ExecutionException failure = assertThrows(ExecutionException.class,
                () -> pending.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        assertTrue(failure.getCause() instanceof IOException, failure.getCause().toString());
    }

    // ------------------------------------------------------------------ other routes and validation

    @Test
    void embeddingsAndCountTokens() throws Exception {
        String embed = "{\"model\":\"models/gemini-embedding-001\",\"content\":{\"parts\":[{\"text\":\"fox\"}]},"
                + "\"outputDimensionality\":4}";
        JsonNode one = json(post("/v1beta/models/gemini-embedding-001:embedContent", "k1", embed).body());
        JsonNode again = json(post("/v1beta/models/gemini-embedding-001:embedContent", "k1", embed).body());
        assertEquals(4, one.at("/embedding/values").size());
        assertEquals(one, again, "deterministic");

        JsonNode batch = json(post("/v1beta/models/gemini-embedding-001:batchEmbedContents", "k1",
                "{\"requests\":[" + embed + "," + embed + "]}").body());
        assertEquals(2, batch.get("embeddings").size());

        assertEquals(404, post("/v1beta/models/gemini-embedding-001:generateContent", "k1", generateBody("x")).statusCode());

        JsonNode count = json(post("/v1beta/models/gemini-2.5-flash:countTokens", "k1", generateBody("three small words")).body());
        assertEquals(3, count.get("totalTokens").asInt());
    }

    @Test
    void replyRejectsImpossibleScripts() {
        assertThrows(IllegalArgumentException.class, () -> Reply.text("a", "b").gate(3, new Gate()));
        assertThrows(IllegalStateException.class, () -> Reply.text("a").errorAfter(1).dropAfter(1));
        assertThrows(IllegalStateException.class, () -> Reply.error(GeminiError.internal()).errorAfter(0));
        assertThrows(IllegalArgumentException.class, () -> Reply.json("not json"));
        assertThrows(IllegalArgumentException.class, () -> fake.sseLineEnding("\r"));
    }

    // ------------------------------------------------------------------ helpers

    private HttpResponse<String> get(String pathAndQuery, String apiKey) throws IOException, InterruptedException {
        return CLIENT.send(request(pathAndQuery, apiKey).GET().build(), BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String pathAndQuery, String apiKey, String body) throws IOException, InterruptedException {
        return CLIENT.send(request(pathAndQuery, apiKey).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                BodyHandlers.ofString());
    }

    private HttpRequest streamRequest(String model, String apiKey, String body) {
        return request("/v1beta/models/" + model + ":streamGenerateContent?alt=sse", apiKey)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private HttpRequest.Builder request(String pathAndQuery, String apiKey) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(fake.baseUrl() + pathAndQuery))
                .timeout(WAIT)
                .header("Content-Type", "application/json");
        return apiKey == null ? builder : builder.header("x-goog-api-key", apiKey);
    }

    private static String generateBody(String userText) {
        ObjectNode body = FakeGemini.JSON.createObjectNode();
        body.putArray("contents").addObject().put("role", "user").putArray("parts").addObject().put("text", userText);
        return body.toString();
    }

    private static JsonNode json(String text) throws IOException {
        assertNotNull(text, "expected an event or body");
        return FakeGemini.JSON.readTree(text);
    }

    private static List<JsonNode> events(String sseBody) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        for (String data : SseReader.readAll(new ByteArrayInputStream(sseBody.getBytes(StandardCharsets.UTF_8)))) {
            events.add(json(data));
        }
        return events;
    }

    private static String text(JsonNode response) {
        return response.at("/candidates/0/content/parts/0/text").asText();
    }

    private static JsonNode detail(JsonNode error, String type) {
        for (JsonNode detail : error.get("details")) {
            if (detail.get("@type").asText().equals(GeminiError.TYPE_PREFIX + type)) {
                return detail;
            }
        }
        throw new AssertionError("no " + type + " detail in " + error);
    }

    private static String next(SseReader sse) {
        try {
            return sse.next();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
