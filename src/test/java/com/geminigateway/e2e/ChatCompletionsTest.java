package com.geminigateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.geminigateway.json.Json;
import com.geminigateway.testing.FakeGemini;
import com.geminigateway.testing.Gate;
import com.geminigateway.testing.GeminiError;
import com.geminigateway.testing.Http;
import com.geminigateway.testing.Received;
import com.geminigateway.testing.Reply;
import com.geminigateway.testing.SseReader;
import com.geminigateway.testing.TestGateway;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The real web application on embedded Tomcat, a fake Gemini on loopback, and a real HTTP client. */
@Timeout(30)
class ChatCompletionsTest {

    static final String KEY_A = "test-key-aaaaaaaaaaaaaaaa";
    static final String KEY_B = "test-key-bbbbbbbbbbbbbbbb";

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

    static String url(String path) {
        return gateway.baseUrl() + path;
    }

    static String chat(String prompt, String extra) {
        return "{\"model\":\"gemini-2.5-flash\"" + extra + ",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                + "{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}";
    }

    static JsonNode json(String body) throws Exception {
        return Json.MAPPER.readTree(body);
    }

    @Test
    void listsEveryModelAcrossGeminisPages() throws Exception {
        HttpResponse<String> r = Http.send(Http.authorized(url("/v1/models")));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode body = json(r.body());
        assertEquals("list", body.get("object").asText());
        List<String> ids = new ArrayList<>();
        body.get("data").forEach(m -> {
            ids.add(m.get("id").asText());
            assertEquals("model", m.get("object").asText());
            assertEquals("google", m.get("owned_by").asText());
        });
        assertEquals(List.of("gemini-2.5-flash", "gemini-2.5-pro", "gemini-2.0-flash", "gemini-embedding-001"), ids);

        HttpResponse<String> one = Http.send(Http.authorized(url("/v1/models/gemini-2.5-pro")));
        assertEquals(200, one.statusCode());
        assertEquals("gemini-2.5-pro", json(one.body()).get("id").asText());

        HttpResponse<String> missing = Http.send(Http.authorized(url("/v1/models/gpt-4o")));
        assertEquals(404, missing.statusCode());
        assertEquals("model_not_found", json(missing.body()).at("/error/code").asText());
    }

    @Test
    void answersAChatAsOneJsonBody() throws Exception {
        fake.onPrompt("capital", Reply.text("Paris", " is the capital.").usage(11, 5, 3));
        HttpResponse<String> r = Http.send(Http.postJson(url("/v1/chat/completions"),
                chat("What is the capital of France?", ",\"temperature\":0.2,\"max_tokens\":50,\"user\":\"u1\",\"store\":true")));
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode body = json(r.body());
        assertEquals("chat.completion", body.get("object").asText());
        assertTrue(body.get("id").asText().startsWith("chatcmpl-"));
        assertEquals("gemini-2.5-flash", body.get("model").asText());
        assertEquals("Paris is the capital.", body.at("/choices/0/message/content").asText());
        assertEquals("assistant", body.at("/choices/0/message/role").asText());
        assertEquals("stop", body.at("/choices/0/finish_reason").asText());
        assertEquals(11, body.at("/usage/prompt_tokens").asInt());
        assertEquals(8, body.at("/usage/completion_tokens").asInt());
        assertEquals(3, body.at("/usage/completion_tokens_details/reasoning_tokens").asInt());
        assertEquals(19, body.at("/usage/total_tokens").asInt());

        Received sent = fake.lastRequest();
        assertEquals("/v1beta/models/gemini-2.5-flash:generateContent", sent.path());
        assertTrue(sent.apiKey().equals(KEY_A) || sent.apiKey().equals(KEY_B));
        assertNotNull(sent.header("x-goog-api-key"), "the key travels in the header");
        assertTrue(sent.query() == null || !sent.query().contains("key="), "never in the URL");
        assertEquals("Be brief.", sent.json().at("/systemInstruction/parts/0/text").asText());
        assertEquals(0.2, sent.json().at("/generationConfig/temperature").asDouble());
        assertEquals(50, sent.json().at("/generationConfig/maxOutputTokens").asInt());
        List<String> fields = new ArrayList<>();
        sent.json().fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("contents", "systemInstruction", "safetySettings", "generationConfig"), fields,
                "OpenAI-only fields (user, store) stay behind");
    }

    @Test
    void wholeAnswersAndErrorsCarryTheirLengthNotChunks() throws Exception {
        fake.onPrompt("accents", Reply.text("Café, naïve, 東京"));
        List<HttpResponse<String>> answers = List.of(
                Http.send(Http.postJson(url("/v1/chat/completions"), chat("accents please", ""))),
                Http.send(Http.postJson(url("/v1/chat/completions"), "{\"model\":")),
                Http.send(Http.authorized(url("/v1/models"))),
                Http.send(Http.postJson(url("/v1beta/models/gemini-2.5-flash:generateContent"), "{\"contents\":")),
                Http.send(Http.postJson(url("/v1beta/models/gemini-2.5-flash:generateContent"),
                        "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"accents please\"}]}]}")));
        assertEquals(List.of(200, 400, 200, 400, 200), answers.stream().map(HttpResponse::statusCode).toList());
        assertTrue(answers.get(0).body().contains("Café, naïve, 東京"), answers.get(0).body());
        for (HttpResponse<String> r : answers) {
            assertEquals(Long.valueOf(r.body().getBytes(StandardCharsets.UTF_8).length),
                    r.headers().firstValueAsLong("Content-Length").stream().boxed().findFirst().orElse(null), r.body());
            assertTrue(r.headers().firstValue("Transfer-Encoding").isEmpty(), r.headers().toString());
        }
    }

    @Test
    void streamsEachChunkAsItArrivesEvenWithAcceptJson() throws Exception {
        Gate gate = new Gate();
        fake.onPrompt("count", Reply.text("one ", "two ", "three").gate(1, gate));
        HttpResponse<InputStream> r = Http.open(Http.postJson(url("/v1/chat/completions"),
                chat("count to three", ",\"stream\":true")));
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        assertEquals("no-cache", r.headers().firstValue("Cache-Control").orElse(""));
        try (SseReader sse = new SseReader(r.body())) {
            JsonNode role = json(sse.next());
            assertEquals("assistant", role.at("/choices/0/delta/role").asText());
            JsonNode first = json(sse.next());
            assertEquals("one ", first.at("/choices/0/delta/content").asText());
            // Chunk 2 is still held by the fake: what we read so far was forwarded before Gemini finished.
            assertFalse(gate.isOpen());
            gate.open();
            assertEquals("two ", json(sse.next()).at("/choices/0/delta/content").asText());
            assertEquals("three", json(sse.next()).at("/choices/0/delta/content").asText());
            JsonNode finish = json(sse.next());
            assertEquals("stop", finish.at("/choices/0/finish_reason").asText());
            assertEquals("[DONE]", sse.next());
            assertNull(sse.next());
            assertEquals(first.get("id"), finish.get("id"));
        }
        assertEquals("alt=sse", fake.lastRequest().query());
        assertTrue(fake.lastRequest().path().endsWith(":streamGenerateContent"));
    }

    @Test
    void includesAUsageChunkWhenAsked() throws Exception {
        fake.onPrompt("usage", Reply.text("a", "b").usage(4, 2, 0));
        HttpResponse<InputStream> r = Http.open(Http.postJson(url("/v1/chat/completions"),
                chat("usage please", ",\"stream\":true,\"stream_options\":{\"include_usage\":true}")));
        List<String> events = SseReader.readAll(r.body());
        assertEquals("[DONE]", events.get(events.size() - 1));
        JsonNode usage = json(events.get(events.size() - 2));
        assertEquals(0, usage.get("choices").size());
        assertEquals(6, usage.at("/usage/total_tokens").asInt());
        for (String e : events.subList(0, events.size() - 2)) {
            assertTrue(json(e).get("usage").isNull());
        }
    }

    @Test
    void abortsTheUpstreamStreamWhenTheClientGoesAway() throws Exception {
        fake.onPrompt("forever", Reply.endless(Duration.ofMillis(20)).maxDuration(Duration.ofSeconds(20)));
        HttpResponse<InputStream> r = Http.open(Http.postJson(url("/v1/chat/completions"),
                chat("talk forever", ",\"stream\":true")));
        SseReader sse = new SseReader(r.body());
        assertNotNull(sse.next());
        assertNotNull(sse.next());
        sse.close();
        assertTrue(fake.awaitStreamAborted(Duration.ofSeconds(10)), "the gateway closed its upstream stream");
    }

    @Test
    void endsAStreamWithAnErrorEventWhenGeminiFailsMidway() throws Exception {
        fake.onPrompt("midway", Reply.text("partial ", "never").errorAfter(1));
        HttpResponse<InputStream> r = Http.open(Http.postJson(url("/v1/chat/completions"),
                chat("fail midway", ",\"stream\":true")));
        assertEquals(200, r.statusCode());
        List<String> events = SseReader.readAll(r.body());
        assertEquals("partial ", json(events.get(1)).at("/choices/0/delta/content").asText());
        JsonNode error = json(events.get(events.size() - 1));
        assertTrue(error.has("error"), events.toString());
        assertFalse(error.at("/error/message").asText().isEmpty());
        assertEquals(1, fake.requests(":streamGenerateContent").size(), "text already sent is never replayed");
    }

    @Test
    void blockedPromptGivesAContentFilterAnswer() throws Exception {
        fake.onPrompt("forbidden", Reply.promptBlocked("SAFETY"));
        HttpResponse<String> r = Http.send(Http.postJson(url("/v1/chat/completions"), chat("forbidden words", "")));
        assertEquals(200, r.statusCode());
        assertEquals("content_filter", json(r.body()).at("/choices/0/finish_reason").asText());
    }

    @Test
    void passesGeminisRequestErrorsThroughAsOpenAiErrors() throws Exception {
        fake.onPrompt("huge", Reply.error(GeminiError.inputTokenLimitExceeded()));
        HttpResponse<String> r = Http.send(Http.postJson(url("/v1/chat/completions"), chat("huge prompt", "")));
        assertEquals(400, r.statusCode());
        JsonNode error = json(r.body()).get("error");
        assertEquals("context_length_exceeded", error.get("code").asText());
        assertEquals("invalid_request_error", error.get("type").asText());
        assertEquals(1, fake.requests(":generateContent").size(), "a client error is not retried on other keys");
    }

    @Test
    void acceptsThePasswordTheWayEachSdkSendsIt() {
        for (String header : List.of("x-api-key", "x-goog-api-key")) {
            HttpResponse<String> r = Http.send(Http.request(url("/v1/models")).header(header, TestGateway.PASSWORD));
            assertEquals(200, r.statusCode(), header);
        }
    }
}
