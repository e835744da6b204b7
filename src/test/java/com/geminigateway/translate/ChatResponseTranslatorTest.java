package com.geminigateway.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.geminigateway.gemini.GenerateContentResponse;
import com.geminigateway.json.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatResponseTranslatorTest {

    private static GenerateContentResponse gemini(String json) throws Exception {
        return Json.MAPPER.readValue(json, GenerateContentResponse.class);
    }

    @Test
    void translatesTextUsageAndFinishReasonWithoutThoughts() throws Exception {
        var response = gemini("""
                {"candidates":[{"content":{"role":"model","parts":[{"text":"Thinking...","thought":true},{"text":"Hello "},{"text":"there"}]},
                  "finishReason":"MAX_TOKENS","index":0}],
                 "usageMetadata":{"promptTokenCount":12,"candidatesTokenCount":3,"thoughtsTokenCount":20,"cachedContentTokenCount":4,"totalTokenCount":35},
                 "modelVersion":"gemini-2.5-flash-001","responseId":"abc"}""");
        JsonNode out = Json.MAPPER.readTree(Json.toString(new ChatResponseTranslator(ResponseOptions.DEFAULT, ThoughtSignatures.NONE).toOpenAi(response, "gemini-2.5-flash", 1700000000)));
        assertEquals(Json.MAPPER.readTree("""
                {"id":"chatcmpl-abc","object":"chat.completion","created":1700000000,"model":"gemini-2.5-flash",
                 "system_fingerprint":"fp_gemini_gateway",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"Hello there","refusal":null},"logprobs":null,"finish_reason":"length"}],
                 "usage":{"prompt_tokens":12,"completion_tokens":23,"total_tokens":35,
                          "prompt_tokens_details":{"cached_tokens":4},"completion_tokens_details":{"reasoning_tokens":20}}}"""), out);
    }

    @Test
    void blockedPromptIsAContentFilterAnswerNotAnEmptyBody() throws Exception {
        var response = gemini("{\"promptFeedback\":{\"blockReason\":\"SAFETY\"},\"usageMetadata\":{\"promptTokenCount\":9,\"totalTokenCount\":9}}");
        JsonNode out = Json.MAPPER.valueToTree(new ChatResponseTranslator(ResponseOptions.DEFAULT, ThoughtSignatures.NONE).toOpenAi(response, "m", 1));
        assertEquals("content_filter", out.at("/choices/0/finish_reason").asText());
        assertTrue(out.at("/choices/0/message/content").isNull());
        assertEquals("Prompt blocked: SAFETY", out.at("/choices/0/message/refusal").asText());
    }

    @Test
    void anAnswerWithoutVisibleOutputIsWorthAskingAgainAndOneWithOutputIsNot() throws Exception {
        String stop = "{\"candidates\":[{\"finishReason\":\"STOP\",\"content\":{\"role\":\"model\",\"parts\":[%s]}}]}";
        for (String parts : List.of("", "{\"text\":\"\"}", "{\"text\":\"Thinking...\",\"thought\":true}")) {
            assertTrue(ChatResponseTranslator.worthRetrying(gemini(stop.formatted(parts))), parts);
        }
        for (String parts : List.of("{\"text\":\"Hi\"}", "{\"text\":\"\"},{\"text\":\"Hi\"}",
                "{\"functionCall\":{\"name\":\"f\",\"args\":{}}}",
                "{\"executableCode\":{\"language\":\"PYTHON\",\"code\":\"print(1)\"}}",
                "{\"codeExecutionResult\":{\"outcome\":\"OUTCOME_OK\",\"output\":\"1\"}}")) {
            assertFalse(ChatResponseTranslator.worthRetrying(gemini(stop.formatted(parts))), parts);
        }
    }

    @Test
    void finishReasonsMapToOpenAi() {
        assertEquals("stop", FinishReasons.toOpenAi("STOP"));
        assertEquals("length", FinishReasons.toOpenAi("MAX_TOKENS"));
        for (String r : List.of("SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY")) {
            assertEquals("content_filter", FinishReasons.toOpenAi(r), r);
        }
        assertEquals("stop", FinishReasons.toOpenAi("SOMETHING_NEW"));
        assertEquals(null, FinishReasons.toOpenAi(null));
    }

    @Test
    void streamGivesRoleFirstThenDeltasThenFinishUsageAndDone() throws Exception {
        ChatStreamTranslator t = new ChatStreamTranslator("gemini-2.5-flash", 42, true, ResponseOptions.DEFAULT, ThoughtSignatures.NONE);
        List<String> frames = new ArrayList<>();
        frames.addAll(t.onChunk(gemini("""
                {"candidates":[{"content":{"parts":[{"text":"Hel"}]},"index":0}],"usageMetadata":{"promptTokenCount":4,"candidatesTokenCount":1},"responseId":"r1"}""")));
        frames.addAll(t.onChunk(gemini("""
                {"candidates":[{"content":{"parts":[{"text":"lo!"}]},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":4,"candidatesTokenCount":3},"responseId":"r1"}""")));
        frames.addAll(t.finish());

        assertEquals(6, frames.size(), String.join("", frames));
        List<JsonNode> events = new ArrayList<>();
        for (String f : frames.subList(0, 5)) {
            assertTrue(f.startsWith("data: ") && f.endsWith("\n\n"));
            events.add(Json.MAPPER.readTree(f.substring(6)));
        }
        assertEquals("data: [DONE]\n\n", frames.get(5));
        for (JsonNode e : events) {
            assertEquals("chatcmpl-r1", e.get("id").asText());
            assertEquals(42, e.get("created").asInt());
            assertEquals("chat.completion.chunk", e.get("object").asText());
            assertTrue(e.has("usage"), "usage is present (null) in every chunk");
        }
        assertEquals("assistant", events.get(0).at("/choices/0/delta/role").asText());
        assertEquals("", events.get(0).at("/choices/0/delta/content").asText());
        assertEquals("Hel", events.get(1).at("/choices/0/delta/content").asText());
        assertEquals("lo!", events.get(2).at("/choices/0/delta/content").asText());
        assertEquals("stop", events.get(3).at("/choices/0/finish_reason").asText());
        assertTrue(events.get(2).at("/choices/0/finish_reason").isNull());
        assertEquals(0, events.get(4).get("choices").size());
        assertEquals(7, events.get(4).at("/usage/total_tokens").asInt());
        assertTrue(events.get(1).get("usage").isNull());
    }

    @Test
    void truncatedStreamStillEndsWithAFinishReason() throws Exception {
        ChatStreamTranslator t = new ChatStreamTranslator("m", 1, false, ResponseOptions.DEFAULT, ThoughtSignatures.NONE);
        t.onChunk(gemini("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"partial\"}]}}]}"));
        List<String> end = t.finish();
        assertEquals(2, end.size());
        assertEquals("stop", Json.MAPPER.readTree(end.get(0).substring(6)).at("/choices/0/finish_reason").asText());
        assertEquals(ChatStreamTranslator.DONE_FRAME, end.get(1));
    }

    @Test
    void blockedPromptInAStreamEndsWithContentFilter() throws Exception {
        ChatStreamTranslator t = new ChatStreamTranslator("m", 1, false, ResponseOptions.DEFAULT, ThoughtSignatures.NONE);
        List<String> frames = new ArrayList<>(t.onChunk(gemini("{\"promptFeedback\":{\"blockReason\":\"SAFETY\"}}")));
        frames.addAll(t.finish());
        assertEquals(4, frames.size());
        assertEquals("assistant", Json.MAPPER.readTree(frames.get(0).substring(6)).at("/choices/0/delta/role").asText());
        assertEquals("content_filter", Json.MAPPER.readTree(frames.get(2).substring(6)).at("/choices/0/finish_reason").asText());
    }
}
