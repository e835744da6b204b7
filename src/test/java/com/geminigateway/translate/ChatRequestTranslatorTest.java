package com.geminigateway.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.geminigateway.errors.GatewayException;
import com.geminigateway.json.Json;
import com.geminigateway.openai.ChatCompletionRequest;
import org.junit.jupiter.api.Test;

class ChatRequestTranslatorTest {

    private final ChatRequestTranslator translator = new ChatRequestTranslator(ConversionSettings.DEFAULT);

    private JsonNode translate(String openAiJson) throws Exception {
        ChatCompletionRequest request = Json.MAPPER.readValue(openAiJson, ChatCompletionRequest.class);
        return Json.MAPPER.readTree(Json.toString(translator.translate(request, request.model(), ThoughtSignatures.NONE, java.util.Map.of()).request()));
    }

    private GatewayException rejected(String openAiJson) {
        return assertThrows(GatewayException.class, () -> translate(openAiJson));
    }

    @Test
    void mapsAConversationWithSystemAndParameters() throws Exception {
        JsonNode g = translate("""
                {"model":"gemini-2.5-flash","temperature":0.3,"top_p":0.9,"max_tokens":100,"stop":"END",
                 "messages":[{"role":"system","content":"Be terse."},{"role":"developer","content":[{"type":"text","text":"No emoji."}]},
                             {"role":"user","content":"Hi"},{"role":"assistant","content":"Hello!"},
                             {"role":"user","content":[{"type":"text","text":"Part one."},{"type":"text","text":"Part two."}]}],
                 "user":"u-1","metadata":{"k":"v"},"logit_bias":{"1":2},"store":true,"seed":1}""");
        assertEquals(Json.MAPPER.readTree("""
                {"contents":[{"role":"user","parts":[{"text":"Hi"}]},
                             {"role":"model","parts":[{"text":"Hello!"}]},
                             {"role":"user","parts":[{"text":"Part one."},{"text":"Part two."}]}],
                 "systemInstruction":{"parts":[{"text":"Be terse.\\n\\nNo emoji."}]},
                 "generationConfig":{"temperature":0.3,"topP":0.9,"maxOutputTokens":100,"stopSequences":["END"],"seed":1}}"""),
                withoutSafety(g));
    }

    @Test
    void maxCompletionTokensWinsOverMaxTokens() throws Exception {
        JsonNode g = translate("""
                {"model":"m","max_tokens":10,"max_completion_tokens":20,"messages":[{"role":"user","content":"x"}]}""");
        assertEquals(20, g.at("/generationConfig/maxOutputTokens").asInt());
    }

    @Test
    void consecutiveTurnsOfOneRoleMergeAndEmptyTextIsSkipped() throws Exception {
        JsonNode g = translate("""
                {"model":"m","messages":[{"role":"user","content":"a"},{"role":"user","content":""},{"role":"user","content":"b"},
                                         {"role":"assistant","content":null}]}""");
        assertEquals(Json.MAPPER.readTree("[{\"role\":\"user\",\"parts\":[{\"text\":\"a\"},{\"text\":\"b\"}]}]"), g.get("contents"));
        assertEquals(false, g.has("generationConfig"));
    }

    @Test
    void safetyIsOffForEveryCategoryByDefaultAndOffCompletelyWhenDisabled() throws Exception {
        JsonNode g = translate("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        assertEquals(5, g.get("safetySettings").size());
        g.get("safetySettings").forEach(s -> assertEquals("BLOCK_NONE", s.get("threshold").asText()));
        JsonNode off = Json.MAPPER.valueToTree(new ChatRequestTranslator(new ConversionSettings(true, false, ConversionSettings.DEFAULT_BUDGETS, false)).translate(
                Json.MAPPER.readValue("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", ChatCompletionRequest.class), "m", ThoughtSignatures.NONE, java.util.Map.of()).request());
        off.get("safetySettings").forEach(s -> assertEquals("OFF", s.get("threshold").asText()));
    }

    @Test
    void rejectsBadInputNamingTheParameter() {
        assertEquals("messages", rejected("{\"model\":\"m\",\"messages\":[]}").param());
        assertEquals("messages", rejected("{\"model\":\"m\"}").param());
        assertEquals("messages[0].role", rejected("{\"model\":\"m\",\"messages\":[{\"role\":\"wizard\",\"content\":\"x\"}]}").param());
        assertEquals("temperature", rejected("{\"model\":\"m\",\"temperature\":3,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}").param());
        assertEquals("top_p", rejected("{\"model\":\"m\",\"top_p\":-1,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}").param());
        assertEquals("max_tokens", rejected("{\"model\":\"m\",\"max_tokens\":0,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}").param());
        assertEquals("stop", rejected("{\"model\":\"m\",\"stop\":[\"1\",\"2\",\"3\",\"4\",\"5\",\"6\"],\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}").param());
        assertEquals("stop", rejected("{\"model\":\"m\",\"stop\":[1],\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}").param());
        assertEquals("messages[0].content[0].type", rejected("""
                {"model":"m","messages":[{"role":"user","content":[{"type":"video","video":{}}]}]}""").param());
        assertEquals("messages", rejected("{\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":\"only a system prompt\"}]}").param());
    }

    @Test
    void modelNamesAreCheckedBeforeTheyReachAUrl() {
        assertEquals("gemini-2.5-flash", ModelNames.normalize("models/gemini-2.5-flash"));
        assertEquals("model", assertThrows(GatewayException.class, () -> ModelNames.normalize("../../admin")).param());
        assertEquals("model", assertThrows(GatewayException.class, () -> ModelNames.normalize("a:generateContent?x")).param());
        assertEquals("model", assertThrows(GatewayException.class, () -> ModelNames.normalize(" ")).param());
    }

    private static JsonNode withoutSafety(JsonNode g) {
        ((com.fasterxml.jackson.databind.node.ObjectNode) g).remove("safetySettings");
        return g;
    }
}
