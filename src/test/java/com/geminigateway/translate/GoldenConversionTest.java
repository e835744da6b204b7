package com.geminigateway.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.geminigateway.gemini.Embeddings;
import com.geminigateway.gemini.GenerateContentResponse;
import com.geminigateway.json.Json;
import com.geminigateway.openai.ChatCompletionRequest;
import com.geminigateway.openai.EmbeddingRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven conversion tests: each file under {@code src/test/resources/golden/<direction>/} holds an input
 * and the expected output, one mapping of wire-formats.md D per file.
 * <ul>
 * <li>{@code request}: {@code model}, optional {@code settings} and {@code cachedSignatures}, {@code openai}
 *     request → {@code gemini} body (safetySettings left out unless {@code withSafety}) and {@code response} options.</li>
 * <li>{@code response}: {@code options}, {@code gemini} answer → {@code openai} chat.completion.</li>
 * <li>{@code stream}: {@code options}, {@code includeUsage}, Gemini {@code chunks} → OpenAI {@code frames}
 *     ({@code "[DONE]"} for the sentinel).</li>
 * <li>{@code embeddings}: {@code openai} request → Gemini {@code calls} ({@code path} and {@code body});
 *     {@code embeddings} (Gemini values) → {@code openaiResponse}.</li>
 * </ul>
 * Tool-call ids are random, so they are compared as {@code call_ID}. Run with {@code -Dgolden.update=true} to
 * write missing expectations (then read them before committing).
 */
class GoldenConversionTest {

    private static final Path ROOT = Path.of("src/test/resources/golden");
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");
    private static final long CREATED = 1_767_225_600L;

    static Stream<String> request() throws IOException {
        return files("request");
    }

    static Stream<String> response() throws IOException {
        return files("response");
    }

    static Stream<String> stream() throws IOException {
        return files("stream");
    }

    static Stream<String> embeddings() throws IOException {
        return files("embeddings");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void request(String name) throws Exception {
        ObjectNode golden = read("request", name);
        ConversionSettings settings = settings(golden.path("settings"));
        ChatCompletionRequest request = Json.MAPPER.treeToValue(golden.get("openai"), ChatCompletionRequest.class);
        ThoughtSignatures cache = signatures(golden.path("cachedSignatures"));
        GeminiChat chat = new ChatRequestTranslator(settings).translate(request, golden.get("model").asText(), cache, Map.of());
        ObjectNode gemini = Json.MAPPER.valueToTree(chat.request());
        if (!golden.path("withSafety").asBoolean()) {
            gemini.remove("safetySettings");
        }
        check(golden, "gemini", gemini, name, "request");
        check(golden, "response", Json.MAPPER.valueToTree(chat.response()), name, "request");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void response(String name) throws Exception {
        ObjectNode golden = read("response", name);
        GenerateContentResponse gemini = Json.MAPPER.treeToValue(golden.get("gemini"), GenerateContentResponse.class);
        JsonNode openai = Json.MAPPER.valueToTree(new ChatResponseTranslator(options(golden.path("options")), ThoughtSignatures.NONE)
                .toOpenAi(gemini, "gemini-2.5-flash", CREATED));
        check(golden, "openai", normalizeIds(openai), name, "response");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void stream(String name) throws Exception {
        ObjectNode golden = read("stream", name);
        ChatStreamTranslator translator = new ChatStreamTranslator("gemini-2.5-flash", CREATED,
                golden.path("includeUsage").asBoolean(), options(golden.path("options")), ThoughtSignatures.NONE);
        List<String> frames = new ArrayList<>();
        for (JsonNode chunk : golden.get("chunks")) {
            frames.addAll(translator.onChunk(Json.MAPPER.treeToValue(chunk, GenerateContentResponse.class)));
        }
        frames.addAll(translator.finish());
        ArrayNode actual = Json.MAPPER.createArrayNode();
        for (String frame : frames) {
            String data = frame.substring("data: ".length(), frame.length() - 2);
            actual.add(data.equals("[DONE]") ? Json.MAPPER.getNodeFactory().textNode("[DONE]") : Json.MAPPER.readTree(data));
        }
        check(golden, "frames", normalizeIds(actual), name, "stream");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void embeddings(String name) throws Exception {
        ObjectNode golden = read("embeddings", name);
        EmbeddingRequest request = Json.MAPPER.treeToValue(golden.get("openai"), EmbeddingRequest.class);
        EmbeddingsTranslator.Plan plan = EmbeddingsTranslator.plan(request, golden.get("model").asText());
        ArrayNode calls = Json.MAPPER.createArrayNode();
        if (plan.single()) {
            calls.addObject().put("path", plan.embedPath()).set("body", Json.MAPPER.valueToTree(plan.single(plan.inputs().get(0))));
        } else {
            plan.batches().forEach(b -> calls.addObject().put("path", plan.batchPath()).set("body", Json.MAPPER.valueToTree(b)));
        }
        check(golden, "calls", calls, name, "embeddings");
        List<Embeddings.Embedding> values = new ArrayList<>();
        for (JsonNode e : golden.get("embeddings")) {
            values.add(Json.MAPPER.treeToValue(e, Embeddings.Embedding.class));
        }
        check(golden, "openaiResponse", Json.MAPPER.valueToTree(EmbeddingsTranslator.toOpenAi(plan, values)), name, "embeddings");
    }

    // ---------------------------------------------------------------- helpers

    private static Stream<String> files(String dir) throws IOException {
        try (Stream<Path> paths = Files.list(ROOT.resolve(dir))) {
            return paths.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - 5)).sorted().toList().stream();
        }
    }

    private static ObjectNode read(String dir, String name) throws IOException {
        return (ObjectNode) Json.MAPPER.readTree(Files.readString(ROOT.resolve(dir).resolve(name + ".json")));
    }

    private static void check(ObjectNode golden, String field, JsonNode value, String name, String dir) throws IOException {
        JsonNode actual = Json.MAPPER.readTree(Json.toString(value)); // as a client reads it: number node types aside
        if (!golden.has(field) && UPDATE) {
            golden.set(field, actual);
            Files.writeString(ROOT.resolve(dir).resolve(name + ".json"),
                    Json.MAPPER.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(golden) + "\n",
                    StandardCharsets.UTF_8);
            return;
        }
        assertEquals(golden.get(field), actual, dir + "/" + name + ": " + field);
    }

    private static ConversionSettings settings(JsonNode s) {
        Map<String, Integer> budgets = new HashMap<>(ConversionSettings.DEFAULT_BUDGETS);
        s.path("reasoningBudgets").fields().forEachRemaining(e -> budgets.put(e.getKey(), e.getValue().asInt()));
        return new ConversionSettings(s.path("disableSafetyFiltering").asBoolean(), s.path("returnReasoning").asBoolean(),
                budgets, s.path("fillWriteToFileLineCount").asBoolean());
    }

    private static ResponseOptions options(JsonNode o) {
        return new ResponseOptions(o.path("returnReasoning").asBoolean(), o.path("singleToolCall").asBoolean(),
                o.path("fillWriteToFileLineCount").asBoolean());
    }

    private static ThoughtSignatures signatures(JsonNode cached) {
        Map<String, String> map = new HashMap<>();
        cached.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        return new ThoughtSignatures() {
            @Override
            public Optional<String> find(String toolCallId) {
                return Optional.ofNullable(map.get(toolCallId));
            }

            @Override
            public void remember(String toolCallId, String signature) {
                map.put(toolCallId, signature);
            }
        };
    }

    /** Replaces the random {@code call_…} ids of the gateway with {@code call_ID}. */
    private static JsonNode normalizeIds(JsonNode node) throws IOException {
        return Json.MAPPER.readTree(Json.toString(node).replaceAll("\"call_[A-Za-z0-9]{24}\"", "\"call_ID\""));
    }
}
