package com.geminigateway.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.geminigateway.errors.GatewayException;
import com.geminigateway.json.Json;
import com.geminigateway.openai.ChatCompletionRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            reasoning_effort                        | {"reasoning_effort":"extreme"}
            reasoning_effort                        | {"reasoning_effort":"low","extra_body":{"google":{"thinking_config":{"thinking_budget":10}}}}
            extra_body.google.thinking_config       | {"extra_body":{"google":{"thinking_config":"high"}}}
            n                                       | {"n":9}
            top_logprobs                            | {"logprobs":true,"top_logprobs":21}
            presence_penalty                        | {"presence_penalty":3}
            response_format.type                    | {"response_format":{"type":"xml"}}
            tools[0].function.name                  | {"tools":[{"type":"function","function":{"name":"bad name!"}}]}
            tools[0].function.parameters            | {"tools":[{"type":"function","function":{"name":"f","parameters":"x"}}]}
            tool_choice                             | {"tools":[{"type":"function","function":{"name":"f"}}],"tool_choice":"sometimes"}
            tool_choice.function.name               | {"tools":[{"type":"function","function":{"name":"f"}}],"tool_choice":{"type":"function","function":{"name":"g"}}}
            extra_body.google.safety_settings       | {"extra_body":{"google":{"safety_settings":{"a":1}}}}
            """)
    void rejectsBadParametersNamingThem(String param, String fields) {
        String body = "{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]," + fields.substring(1);
        assertEquals(param, rejected(body).param());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            messages[0].content[0].image_url.url      | {"type":"image_url","image_url":{"url":"data:image/bmp;base64,AA=="}}
            messages[0].content[0].image_url.url      | {"type":"image_url","image_url":{"url":"ftp://x/cat.png"}}
            messages[0].content[0].image_url.url      | {"type":"image_url","image_url":{}}
            messages[0].content[0].input_audio.format | {"type":"input_audio","input_audio":{"data":"AA==","format":"midi"}}
            messages[0].content[0].file.file_id       | {"type":"file","file":{"file_id":"file-abc"}}
            messages[0].content[0].file.file_data     | {"type":"file","file":{"file_data":"AAAA","filename":"blob.bin"}}
            messages[0].content[0].file.file_data     | {"type":"file","file":{"file_data":"data:application/zip;base64,AA=="}}
            """)
    void rejectsBadMediaNamingThePart(String param, String part) {
        assertEquals(param, rejected("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[" + part + "]}]}").param());
    }

    @Test
    void mediaIsOnlyForUserMessagesAndToolResultsNeedAKnownCall() {
        assertEquals("messages[0].content[0].type", rejected("""
                {"model":"m","messages":[{"role":"system","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,AA=="}}]}]}""").param());
        assertEquals("messages[1].tool_call_id", rejected("""
                {"model":"m","messages":[{"role":"user","content":"x"},{"role":"tool","content":"1"}]}""").param());
        assertEquals("messages[1].name", rejected("""
                {"model":"m","messages":[{"role":"user","content":"x"},{"role":"function","content":"1"}]}""").param());
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
