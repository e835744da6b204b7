package com.geminigateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.geminigateway.json.Json;
import com.geminigateway.testing.FakeGemini;
import com.geminigateway.testing.Http;
import com.geminigateway.testing.Received;
import com.geminigateway.testing.Reply;
import com.geminigateway.testing.SseReader;
import com.geminigateway.testing.TestGateway;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The full conversion over real HTTP: tools (streamed and not, parallel, round trips with thought signatures),
 * images, JSON output, thinking, reasoning, usage, content filter and the one retry of empty answers.
 */
@Timeout(30)
class ConversionTest {

    static final String GEMINI_3 = "gemini-3-flash-preview";
    static final String[] MODELS = {"gemini-2.5-flash", "gemini-2.5-pro", GEMINI_3, "gemini-2.0-flash"};
    static final String WEATHER_TOOL = """
            {"type":"function","function":{"name":"get_weather","description":"Weather of a city",
             "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}""";

    static FakeGemini fake;
    static TestGateway gateway;

    @BeforeAll
    static void start() {
        fake = FakeGemini.start().models(MODELS);
        gateway = TestGateway.start(Map.of("GEMINI_API_KEYS", "key-one-aaaaaaaaaaaa", "GEMINI_BASE_URL", fake.baseUrl()));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        fake.close();
    }

    @AfterEach
    void resetFake() {
        fake.reset();
        fake.models(MODELS);
    }

    static JsonNode json(String body) throws Exception {
        return Json.MAPPER.readTree(body);
    }

    static HttpResponse<String> post(String body) {
        return Http.send(Http.postJson(gateway.baseUrl() + "/v1/chat/completions", body));
    }

    static List<JsonNode> stream(String body) throws Exception {
        HttpResponse<InputStream> r = Http.open(Http.postJson(gateway.baseUrl() + "/v1/chat/completions", body));
        assertEquals(200, r.statusCode());
        List<String> events = SseReader.readAll(r.body());
        assertEquals("[DONE]", events.get(events.size() - 1));
        List<JsonNode> out = new ArrayList<>();
        for (String e : events.subList(0, events.size() - 1)) {
            out.add(json(e));
        }
        return out;
    }

    static String functionCall(String name, String args, String signature) {
        return "{\"functionCall\":{\"name\":\"" + name + "\",\"args\":" + args + "}"
                + (signature == null ? "" : ",\"thoughtSignature\":\"" + signature + "\"") + "}";
    }

    static String candidate(String parts, String finishReason) {
        return "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[" + parts + "]}"
                + (finishReason == null ? "" : ",\"finishReason\":\"" + finishReason + "\"") + ",\"index\":0}],"
                + "\"usageMetadata\":{\"promptTokenCount\":10,\"candidatesTokenCount\":5,\"thoughtsTokenCount\":7,\"totalTokenCount\":22}}";
    }

    @Test
    void toolCallAnswerCarriesIdArgumentsAndSignatureAndTheRequestDeclaresTheTools() throws Exception {
        fake.onPrompt("weather", Reply.json(candidate(functionCall("get_weather", "{\"city\":\"Paris\"}", "c2lnLTE="), "STOP")));
        HttpResponse<String> r = post("{\"model\":\"" + GEMINI_3 + "\",\"tool_choice\":\"required\",\"tools\":[" + WEATHER_TOOL
                + "],\"messages\":[{\"role\":\"user\",\"content\":\"weather in Paris?\"}]}");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode message = json(r.body()).at("/choices/0/message");
        assertTrue(message.get("content").isNull(), "no text: content is null");
        JsonNode call = message.at("/tool_calls/0");
        assertTrue(call.get("id").asText().matches("call_[A-Za-z0-9]{24}"), call.toString());
        assertEquals("function", call.get("type").asText());
        assertEquals("get_weather", call.at("/function/name").asText());
        assertEquals(json("{\"city\":\"Paris\"}"), json(call.at("/function/arguments").asText()));
        assertEquals("c2lnLTE=", call.at("/extra_content/google/thought_signature").asText());
        assertEquals("tool_calls", json(r.body()).at("/choices/0/finish_reason").asText());

        JsonNode sent = fake.lastRequest().json();
        assertEquals("get_weather", sent.at("/tools/0/functionDeclarations/0/name").asText());
        assertEquals("object", sent.at("/tools/0/functionDeclarations/0/parametersJsonSchema/type").asText());
        assertEquals("ANY", sent.at("/toolConfig/functionCallingConfig/mode").asText());
    }

    @Test
    void roundTripRestoresSignaturesFromTheClientOrTheCacheAndGroupsResultsInCallOrder() throws Exception {
        fake.onPrompt("two cities", Reply.json(candidate(functionCall("get_weather", "{\"city\":\"Paris\"}", "c2lnLXBhcmlz")
                + "," + functionCall("get_weather", "{\"city\":\"Rome\"}", null), "STOP")));
        fake.onPrompt("[functionResponse get_weather]", Reply.text("Paris 18, Rome 25."));
        String ask = "{\"role\":\"user\",\"content\":\"two cities please\"}";
        HttpResponse<String> first = post("{\"model\":\"" + GEMINI_3 + "\",\"tools\":[" + WEATHER_TOOL + "],\"messages\":[" + ask + "]}");
        JsonNode calls = json(first.body()).at("/choices/0/message/tool_calls");
        assertEquals(2, calls.size(), "parallel calls: both returned");
        String parisId = calls.get(0).get("id").asText();
        String romeId = calls.get(1).get("id").asText();
        assertFalse(calls.get(1).has("extra_content"), "only the first parallel call has a signature");

        // The client drops extra_content (as many frameworks do) and answers Rome before Paris.
        ArrayNode history = Json.MAPPER.createArrayNode();
        history.add(json(ask));
        ObjectNode assistant = history.addObject().put("role", "assistant");
        assistant.putNull("content");
        ArrayNode toolCalls = assistant.putArray("tool_calls");
        for (JsonNode call : calls) {
            ObjectNode copy = ((ObjectNode) call).deepCopy();
            copy.remove("extra_content");
            toolCalls.add(copy);
        }
        history.addObject().put("role", "tool").put("tool_call_id", romeId).put("content", "{\"tempC\":25}");
        history.addObject().put("role", "tool").put("tool_call_id", parisId).put("content", "18 degrees");
        HttpResponse<String> second = post("{\"model\":\"" + GEMINI_3 + "\",\"tools\":[" + WEATHER_TOOL + "],\"messages\":" + history + "}");
        assertEquals(200, second.statusCode(), second.body());
        assertEquals("Paris 18, Rome 25.", json(second.body()).at("/choices/0/message/content").asText());

        JsonNode contents = fake.lastRequest().json().get("contents");
        assertEquals(3, contents.size(), contents.toString());
        JsonNode model = contents.get(1);
        assertEquals("model", model.get("role").asText());
        assertEquals("c2lnLXBhcmlz", model.at("/parts/0/thoughtSignature").asText(), "restored from the gateway's cache");
        assertFalse(model.get("parts").get(1).has("thoughtSignature"));
        assertFalse(model.at("/parts/0/functionCall").has("id"), "Gemini rejects ids");
        JsonNode results = contents.get(2).get("parts");
        assertEquals("user", contents.get(2).get("role").asText());
        assertEquals(json("{\"tempC\":25}"), results.get(1).at("/functionResponse/response"), "in call order: Rome second");
        assertEquals(json("{\"output\":\"18 degrees\"}"), results.get(0).at("/functionResponse/response"));
    }

    @Test
    void gemini3HistoryWithoutAnyKnownSignatureGetsGooglesPlaceholderAndAClientSignatureWins() throws Exception {
        String history = """
                [{"role":"user","content":"go"},
                 {"role":"assistant","content":"","tool_calls":[{"id":"call_unknown","type":"function","function":{"name":"get_weather","arguments":"{}"}}]},
                 {"role":"tool","tool_call_id":"call_unknown","content":"ok"},
                 {"role":"assistant","tool_calls":[{"id":"call_other","type":"function","function":{"name":"get_weather","arguments":"{}"},
                   "extra_content":{"google":{"thought_signature":"ZnJvbS1jbGllbnQ="}}}]},
                 {"role":"tool","tool_call_id":"call_other","content":"ok"}]""";
        HttpResponse<String> r = post("{\"model\":\"" + GEMINI_3 + "\",\"messages\":" + history + "}");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode contents = fake.lastRequest().json().get("contents");
        assertEquals("skip_thought_signature_validator", contents.at("/1/parts/0/thoughtSignature").asText());
        assertEquals("ZnJvbS1jbGllbnQ=", contents.at("/3/parts/0/thoughtSignature").asText());

        post("{\"model\":\"gemini-2.5-flash\",\"messages\":" + history + "}");
        assertFalse(fake.lastRequest().json().at("/contents/1/parts/0").has("thoughtSignature"),
                "the placeholder is for Gemini 3 only");
    }

    @Test
    void streamedParallelToolCallsComeAsIndexedDeltasWithIdTypeNameThenArguments() throws Exception {
        fake.onPrompt("stream tools", Reply.json(
                candidate("{\"text\":\"Checking.\"}", null),
                candidate(functionCall("get_weather", "{\"city\":\"Oslo\"}", "c2ln") + ","
                        + functionCall("get_weather", "{\"city\":\"Rome\"}", null), "STOP")));
        List<JsonNode> events = stream("{\"model\":\"gemini-2.5-flash\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                + "\"tools\":[" + WEATHER_TOOL + "],\"messages\":[{\"role\":\"user\",\"content\":\"stream tools\"}]}");
        List<JsonNode> deltas = new ArrayList<>();
        for (JsonNode e : events) {
            e.at("/choices/0/delta/tool_calls").forEach(deltas::add);
        }
        assertEquals(4, deltas.size(), events.toString());
        assertEquals(0, deltas.get(0).get("index").asInt());
        assertTrue(deltas.get(0).get("id").asText().startsWith("call_"));
        assertEquals("function", deltas.get(0).get("type").asText());
        assertEquals("get_weather", deltas.get(0).at("/function/name").asText());
        assertEquals("c2ln", deltas.get(0).at("/extra_content/google/thought_signature").asText());
        assertEquals(json("{\"city\":\"Oslo\"}"), json(deltas.get(1).at("/function/arguments").asText()));
        assertFalse(deltas.get(1).has("id"));
        assertEquals(1, deltas.get(2).get("index").asInt());
        assertEquals(json("{\"city\":\"Rome\"}"), json(deltas.get(3).at("/function/arguments").asText()));
        assertEquals("Checking.", events.get(1).at("/choices/0/delta/content").asText());
        JsonNode finish = events.get(events.size() - 2);
        assertEquals("tool_calls", finish.at("/choices/0/finish_reason").asText());
        JsonNode usage = events.get(events.size() - 1);
        assertEquals(0, usage.get("choices").size());
        assertEquals(12, usage.at("/usage/completion_tokens").asInt(), "candidates + thoughts");
        assertEquals(7, usage.at("/usage/completion_tokens_details/reasoning_tokens").asInt());
    }

    @Test
    void parallelToolCallsFalseKeepsOnlyTheFirstCall() throws Exception {
        fake.onPrompt("one only", Reply.json(candidate(functionCall("get_weather", "{\"city\":\"A\"}", null) + ","
                + functionCall("get_weather", "{\"city\":\"B\"}", null), "STOP")));
        HttpResponse<String> r = post("{\"model\":\"gemini-2.5-flash\",\"parallel_tool_calls\":false,\"tools\":[" + WEATHER_TOOL
                + "],\"messages\":[{\"role\":\"user\",\"content\":\"one only\"}]}");
        assertEquals(1, json(r.body()).at("/choices/0/message/tool_calls").size());
    }

    @Test
    void thoughtsBecomeReasoningOnlyWhenAskedAndNeverContent() throws Exception {
        Reply thinking = Reply.json(candidate("{\"text\":\"Let me think.\",\"thought\":true}", null),
                candidate("{\"text\":\"42\"}", "STOP"));
        fake.onPrompt("meaning", thinking);
        String body = "{\"model\":\"gemini-2.5-flash\",\"reasoning_effort\":\"low\",\"messages\":[{\"role\":\"user\",\"content\":\"meaning of life\"}]";

        JsonNode plain = json(post(body + "}").body()).at("/choices/0/message");
        assertEquals("42", plain.get("content").asText());
        assertFalse(plain.has("reasoning_content"));
        JsonNode sent = fake.lastRequest().json().at("/generationConfig/thinkingConfig");
        assertEquals(json("{\"thinkingBudget\":1024}"), sent);

        JsonNode asked = json(post(body + ",\"include_reasoning\":true}").body()).at("/choices/0/message");
        assertEquals("42", asked.get("content").asText());
        assertEquals("Let me think.", asked.get("reasoning_content").asText());
        assertEquals(true, fake.lastRequest().json().at("/generationConfig/thinkingConfig/includeThoughts").asBoolean());

        List<JsonNode> events = stream(body + ",\"stream\":true,\"extra_body\":{\"google\":{\"thinking_config\":{\"include_thoughts\":true}}}}");
        StringBuilder content = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        for (JsonNode e : events) {
            content.append(e.at("/choices/0/delta/content").asText(""));
            reasoning.append(e.at("/choices/0/delta/reasoning_content").asText(""));
        }
        assertEquals("42", content.toString());
        assertEquals("Let me think.", reasoning.toString());

        post("{\"model\":\"" + GEMINI_3 + "\",\"reasoning_effort\":\"medium\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        assertEquals(json("{\"thinkingLevel\":\"medium\"}"), fake.lastRequest().json().at("/generationConfig/thinkingConfig"));
    }

    @Test
    void imagesGoInlineAndJsonSchemaGoesAsResponseJsonSchema() throws Exception {
        HttpResponse<String> r = post("""
                {"model":"gemini-2.5-flash","response_format":{"type":"json_schema","json_schema":{"name":"a","strict":true,
                  "schema":{"type":"object","properties":{"x":{"type":"integer"}},"additionalProperties":false}}},
                 "messages":[{"role":"user","content":[{"type":"text","text":"what is this"},
                   {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo=","detail":"high"}}]}]}""");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode sent = fake.lastRequest().json();
        assertEquals(json("{\"mimeType\":\"image/png\",\"data\":\"iVBORw0KGgo=\"}"), sent.at("/contents/0/parts/1/inlineData"));
        assertEquals("application/json", sent.at("/generationConfig/responseMimeType").asText());
        assertEquals(false, sent.at("/generationConfig/responseJsonSchema/additionalProperties").asBoolean(true));

        post("""
                {"model":"gemini-2.0-flash","response_format":{"type":"json_schema","json_schema":{"name":"a",
                  "schema":{"type":"object","properties":{"x":{"type":["integer","null"]}},"additionalProperties":false}}},
                 "messages":[{"role":"user","content":"x"}]}""");
        assertEquals(json("{\"type\":\"OBJECT\",\"properties\":{\"x\":{\"type\":\"INTEGER\",\"nullable\":true}}}"),
                fake.lastRequest().json().at("/generationConfig/responseSchema"), "older models get the sanitised Schema");
    }

    @Test
    void unsupportedImagesAndUrlsAreRefusedWithAClearError() throws Exception {
        HttpResponse<String> tiff = post("""
                {"model":"gemini-2.5-flash","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/tiff;base64,AAAA"}}]}]}""");
        assertEquals(400, tiff.statusCode());
        assertTrue(json(tiff.body()).at("/error/message").asText().contains("image/tiff"));
        assertEquals("messages[0].content[0].image_url.url", json(tiff.body()).at("/error/param").asText());

        HttpResponse<String> url = post("""
                {"model":"gemini-2.5-flash","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"http://127.0.0.1:1/cat.png"}}]}]}""");
        assertEquals(400, url.statusCode());
        assertTrue(json(url.body()).at("/error/message").asText().contains("IMAGE_URLS"), url.body());
        assertTrue(fake.requests(":generateContent").isEmpty());
    }

    @Test
    void anEmptyAnswerIsAskedForOnceMoreStreamedOrNot() throws Exception {
        Reply empty = Reply.json(candidate("{\"text\":\"\"}", "STOP"));
        fake.onPrompt("flaky", empty, Reply.text("Now with text."));
        JsonNode r = json(post("{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"flaky\"}]}").body());
        assertEquals("Now with text.", r.at("/choices/0/message/content").asText());
        assertEquals(2, fake.requests(":generateContent").size());

        fake.onPrompt("malformed", Reply.json(candidate("", "MALFORMED_FUNCTION_CALL")), Reply.text("Fixed."));
        List<JsonNode> events = stream("{\"model\":\"gemini-2.5-flash\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"malformed\"}]}");
        StringBuilder content = new StringBuilder();
        events.forEach(e -> content.append(e.at("/choices/0/delta/content").asText("")));
        assertEquals("Fixed.", content.toString());
        assertEquals(2, fake.requests(":streamGenerateContent").size());

        fake.onPrompt("always empty", empty);
        JsonNode twice = json(post("{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"always empty\"}]}").body());
        assertFalse(twice.at("/choices/0/message/content").asText().isEmpty(), "never an empty assistant message");
    }

    @Test
    void contentFilterAndBlockedPromptsAnswerContentFilter() throws Exception {
        fake.onPrompt("unsafe", Reply.json(candidate("", "SAFETY")));
        JsonNode r = json(post("{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"unsafe\"}]}").body());
        assertEquals("content_filter", r.at("/choices/0/finish_reason").asText());
        assertEquals("Response blocked: SAFETY", r.at("/choices/0/message/refusal").asText());
        assertEquals(1, fake.requests(":generateContent").size(), "a filtered answer is not retried");

        fake.onPrompt("blocked", Reply.promptBlocked("PROHIBITED_CONTENT"));
        List<JsonNode> events = stream("{\"model\":\"gemini-2.5-flash\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"blocked\"}]}");
        assertEquals("content_filter", events.get(events.size() - 1).at("/choices/0/finish_reason").asText());
    }

    @Test
    void toolMessagesForUnknownCallsAndBadToolsAreClearErrors() throws Exception {
        HttpResponse<String> r = post("{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"call_nope\",\"content\":\"1\"}]}");
        assertEquals(400, r.statusCode());
        assertEquals("messages[1].tool_call_id", json(r.body()).at("/error/param").asText());
        HttpResponse<String> custom = post("{\"model\":\"gemini-2.5-flash\",\"tools\":[{\"type\":\"custom\",\"custom\":{\"name\":\"x\"}}],"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        assertEquals(400, custom.statusCode());
        assertEquals("tools[0].type", json(custom.body()).at("/error/param").asText());
        List<Received> sent = fake.requests(":generateContent");
        assertTrue(sent.isEmpty());
    }
}
