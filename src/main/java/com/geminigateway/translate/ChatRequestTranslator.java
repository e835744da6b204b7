package com.geminigateway.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.geminigateway.errors.GatewayException;
import com.geminigateway.gemini.Content;
import com.geminigateway.gemini.GenerateContentRequest;
import com.geminigateway.gemini.GenerateContentRequest.GenerationConfig;
import com.geminigateway.gemini.GenerateContentRequest.SafetySetting;
import com.geminigateway.gemini.Part;
import com.geminigateway.json.Json;
import com.geminigateway.openai.ChatCompletionRequest;
import com.geminigateway.openai.ChatMessage;
import com.geminigateway.openai.ToolCall;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OpenAI chat request → Gemini generateContent request (wire-formats.md D.1). Pure: no I/O, and every bad
 * input becomes a {@link GatewayException} that names the offending parameter.
 *
 * <p>Policies: system and developer messages, wherever they stand, are joined into the systemInstruction.
 * Consecutive messages of one role share one turn. Tool results answering one assistant turn are grouped
 * into one user turn in the order of its calls. Tool-call ids never reach Gemini (v1beta rejects them).
 */
public final class ChatRequestTranslator {

    /** Gemini takes at most five stop sequences (OpenAI documents four). */
    static final int MAX_STOP_SEQUENCES = 5;
    static final int MAX_CANDIDATES = 8;
    /** Google's documented stand-in for a missing signature; it weakens reasoning, so it is the last resort. */
    public static final String SKIP_SIGNATURE = "skip_thought_signature_validator";

    static final List<String> HARM_CATEGORIES = List.of(
            "HARM_CATEGORY_HARASSMENT",
            "HARM_CATEGORY_HATE_SPEECH",
            "HARM_CATEGORY_SEXUALLY_EXPLICIT",
            "HARM_CATEGORY_DANGEROUS_CONTENT",
            "HARM_CATEGORY_CIVIC_INTEGRITY");

    private final ConversionSettings settings;
    private final List<SafetySetting> safetySettings;

    public ChatRequestTranslator(ConversionSettings settings) {
        this.settings = settings;
        String threshold = settings.disableSafetyFiltering() ? "OFF" : "BLOCK_NONE";
        this.safetySettings = HARM_CATEGORIES.stream().map(c -> new SafetySetting(c, threshold)).toList();
    }

    /**
     * @param model      the checked model id
     * @param signatures where thought signatures of earlier answers are kept
     * @param fetched    http(s) image URLs the gateway downloaded beforehand (see {@link #remoteImageUrls})
     */
    public GeminiChat translate(ChatCompletionRequest request, String model, ThoughtSignatures signatures,
                                Map<String, Part.Blob> fetched) {
        ModelFamily family = ModelFamily.of(model);
        Conversation conversation = new Conversation(signatures, fetched);
        conversation.read(request.messages());
        Tools.Translated tools = Tools.translate(request, family);
        Boolean asked = Thinking.clientWantsThoughts(request);
        boolean returnReasoning = asked != null ? asked : settings.returnReasoning();
        GenerationConfig generation = generationConfig(request, family, returnReasoning);
        JsonNode google = request.google();
        GenerateContentRequest gemini = new GenerateContentRequest(
                conversation.contents(family),
                conversation.systemInstruction(),
                tools.tools(),
                tools.toolConfig(),
                safety(google.path("safety_settings")),
                generation.isEmpty() ? null : generation,
                google.path("cached_content").isTextual() ? google.path("cached_content").asText() : null);
        boolean singleCall = Boolean.FALSE.equals(request.parallelToolCalls());
        return new GeminiChat(gemini, new ResponseOptions(returnReasoning, singleCall, settings.fillWriteToFileLineCount()));
    }

    /** The http(s) image URLs of a request, which the gateway must fetch (or refuse) before translating it. */
    public static Set<String> remoteImageUrls(ChatCompletionRequest request) {
        return ContentParts.remoteImageUrls(request.messages());
    }

    /** Walks the messages once, building the turns. */
    private static final class Conversation {
        private final ThoughtSignatures signatures;
        private final Map<String, Part.Blob> fetched;
        private final List<String> system = new ArrayList<>();
        private final List<Content> contents = new ArrayList<>();
        /** Every tool call of the assistant messages so far: id → its function name and position in its turn. */
        private final Map<String, CallRef> calls = new HashMap<>();
        /** Tool results waiting to be added as one user turn, with their call positions. */
        private final List<PendingResult> results = new ArrayList<>();
        private int callTurns;

        record CallRef(String name, int turn, int position) {
        }

        record PendingResult(int position, Part part) {
        }

        Conversation(ThoughtSignatures signatures, Map<String, Part.Blob> fetched) {
            this.signatures = signatures;
            this.fetched = fetched;
        }

        void read(List<ChatMessage> messages) {
            if (messages == null || messages.isEmpty()) {
                throw GatewayException.invalidRequest("'messages' must contain at least one message.", "messages");
            }
            for (int i = 0; i < messages.size(); i++) {
                ChatMessage message = messages.get(i);
                String param = "messages[" + i + "]";
                if (message == null) {
                    throw GatewayException.invalidRequest("Message " + i + " is null.", param);
                }
                String role = message.role();
                if (role == null) {
                    throw GatewayException.invalidRequest("Message " + i + " has no 'role'.", param + ".role");
                }
                if (!role.equals("tool") && !role.equals("function")) {
                    flushResults();
                }
                switch (role) {
                    case "system", "developer" -> {
                        String text = ContentParts.text(message.content(), param);
                        if (!text.isEmpty()) {
                            system.add(text);
                        }
                    }
                    case "user" -> append("user", ContentParts.of(message.content(), param, fetched, true));
                    case "assistant" -> assistant(message, param);
                    case "tool" -> toolResult(message, param);
                    case "function" -> functionResult(message, param);
                    default -> throw GatewayException.invalidValue("Invalid role '" + role
                            + "': expected system, developer, user, assistant or tool.", param + ".role");
                }
            }
            flushResults();
            if (contents.isEmpty()) {
                throw GatewayException.invalidRequest(
                        "'messages' must contain at least one user or assistant message with content.", "messages");
            }
        }

        private void assistant(ChatMessage message, String param) {
            List<Part> parts = new ArrayList<>(ContentParts.of(message.content(), param, Map.of(), false));
            List<ToolCall> toolCalls = message.toolCalls() != null ? message.toolCalls() : List.of();
            if (toolCalls.isEmpty() && message.functionCall() != null) {
                toolCalls = List.of(new ToolCall(null, null, "function", message.functionCall(), null));
            }
            int turn = ++callTurns;
            for (int k = 0; k < toolCalls.size(); k++) {
                ToolCall call = toolCalls.get(k);
                String callParam = param + ".tool_calls[" + k + "]";
                if (call == null || call.function() == null || call.function().name() == null) {
                    throw GatewayException.invalidRequest("A tool call needs 'function.name'.", callParam + ".function.name");
                }
                String signature = call.thoughtSignature();
                if (call.id() != null) {
                    calls.put(call.id(), new CallRef(call.function().name(), turn, k));
                    if (signature == null) {
                        signature = signatures.find(call.id()).orElse(null);
                    }
                }
                parts.add(Part.call(call.function().name(), arguments(call.function().arguments()), signature));
            }
            append("model", parts);
        }

        /** A tool result: Gemini wants an object, so anything else is wrapped as {"output": ...}. */
        private void toolResult(ChatMessage message, String param) {
            if (message.toolCallId() == null) {
                throw GatewayException.invalidRequest("A tool message needs 'tool_call_id'.", param + ".tool_call_id");
            }
            CallRef call = calls.get(message.toolCallId());
            if (call == null) {
                throw GatewayException.invalidValue("'tool_call_id' " + message.toolCallId()
                        + " matches no tool call of an earlier assistant message.", param + ".tool_call_id");
            }
            results.add(new PendingResult(call.position(),
                    Part.response(call.name(), response(ContentParts.text(message.content(), param)))));
        }

        /** The deprecated function role: the result names its function itself. */
        private void functionResult(ChatMessage message, String param) {
            if (message.name() == null || message.name().isEmpty()) {
                throw GatewayException.invalidRequest("A function message needs 'name'.", param + ".name");
            }
            results.add(new PendingResult(results.size(),
                    Part.response(message.name(), response(ContentParts.text(message.content(), param)))));
        }

        private void flushResults() {
            if (results.isEmpty()) {
                return;
            }
            results.sort((a, b) -> Integer.compare(a.position(), b.position()));
            append("user", results.stream().map(PendingResult::part).toList());
            results.clear();
        }

        /** Consecutive messages of one role become one turn, so the turns alternate as Gemini expects. */
        private void append(String role, List<Part> parts) {
            if (parts.isEmpty()) {
                return;
            }
            int last = contents.size() - 1;
            if (last >= 0 && role.equals(contents.get(last).role())) {
                List<Part> merged = new ArrayList<>(contents.get(last).parts());
                merged.addAll(parts);
                contents.set(last, Content.of(role, merged));
            } else {
                contents.add(Content.of(role, parts));
            }
        }

        /**
         * The turns; on Gemini 3 a model turn whose first function call lacks its signature gets Google's
         * placeholder there, because Gemini 3 rejects function-call history without one.
         */
        List<Content> contents(ModelFamily family) {
            if (!family.isGemini3OrLater()) {
                return contents;
            }
            List<Content> out = new ArrayList<>(contents.size());
            for (Content content : contents) {
                out.add("model".equals(content.role()) ? withPlaceholder(content) : content);
            }
            return out;
        }

        private static Content withPlaceholder(Content content) {
            List<Part> parts = content.parts();
            for (int i = 0; i < parts.size(); i++) {
                Part part = parts.get(i);
                if (part.functionCall() != null) {
                    if (part.thoughtSignature() != null) {
                        return content;
                    }
                    List<Part> patched = new ArrayList<>(parts);
                    patched.set(i, part.withThoughtSignature(SKIP_SIGNATURE));
                    return Content.of(content.role(), patched);
                }
            }
            return content;
        }

        Content systemInstruction() {
            return system.isEmpty() ? null : new Content(null, List.of(Part.text(String.join("\n\n", system))));
        }
    }

    /** Strict: "18 degrees" is text, not the number 18 followed by noise. */
    private static final com.fasterxml.jackson.databind.ObjectReader STRICT_JSON =
            Json.MAPPER.reader().with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** Arguments as the client kept them: a JSON object string; anything else is kept as {"_raw": text}. */
    static JsonNode arguments(String arguments) {
        if (arguments == null || arguments.isBlank()) {
            return Json.MAPPER.createObjectNode();
        }
        try {
            JsonNode parsed = STRICT_JSON.readTree(arguments);
            if (parsed != null && parsed.isObject()) {
                return parsed;
            }
        } catch (Exception e) {
            // not JSON: kept as text below
        }
        return Json.MAPPER.createObjectNode().put("_raw", arguments);
    }

    /** A JSON object result is passed as it is; any other result becomes {"output": value}. */
    static JsonNode response(String text) {
        try {
            JsonNode parsed = STRICT_JSON.readTree(text);
            if (parsed != null && parsed.isObject()) {
                return parsed;
            }
            if (parsed != null && !parsed.isMissingNode() && (parsed.isArray() || parsed.isNumber() || parsed.isBoolean())) {
                return Json.MAPPER.createObjectNode().set("output", parsed);
            }
        } catch (Exception e) {
            // plain text
        }
        return Json.MAPPER.createObjectNode().put("output", text);
    }

    private List<SafetySetting> safety(JsonNode custom) {
        if (custom.isMissingNode() || custom.isNull()) {
            return safetySettings;
        }
        if (!custom.isArray()) {
            throw GatewayException.invalidRequest("extra_body.google.safety_settings must be an array.",
                    "extra_body.google.safety_settings");
        }
        List<SafetySetting> out = new ArrayList<>();
        for (JsonNode s : custom) {
            if (!s.path("category").isTextual() || !s.path("threshold").isTextual()) {
                throw GatewayException.invalidRequest("Each safety setting needs a 'category' and a 'threshold'.",
                        "extra_body.google.safety_settings");
            }
            out.add(new SafetySetting(s.get("category").asText(), s.get("threshold").asText()));
        }
        return out;
    }

    private GenerationConfig generationConfig(ChatCompletionRequest r, ModelFamily family, boolean returnReasoning) {
        Double temperature = r.temperature();
        if (temperature != null && (temperature < 0 || temperature > 2)) {
            throw GatewayException.invalidValue("'temperature' must be between 0 and 2.", "temperature");
        }
        Double topP = r.topP();
        if (topP != null && (topP < 0 || topP > 1)) {
            throw GatewayException.invalidValue("'top_p' must be between 0 and 1.", "top_p");
        }
        Integer maxTokens = r.maxCompletionTokens() != null ? r.maxCompletionTokens() : r.maxTokens();
        if (maxTokens != null && maxTokens < 1) {
            String param = r.maxCompletionTokens() != null ? "max_completion_tokens" : "max_tokens";
            throw GatewayException.invalidValue("'" + param + "' must be at least 1.", param);
        }
        Integer n = r.n();
        if (n != null && (n < 1 || n > MAX_CANDIDATES)) {
            throw GatewayException.invalidValue("'n' must be between 1 and " + MAX_CANDIDATES + ".", "n");
        }
        Integer topK = r.topK();
        if (topK != null && topK < 1) {
            throw GatewayException.invalidValue("'top_k' must be at least 1.", "top_k");
        }
        Integer topLogprobs = r.topLogprobs();
        if (topLogprobs != null && (topLogprobs < 0 || topLogprobs > 20)) {
            throw GatewayException.invalidValue("'top_logprobs' must be between 0 and 20.", "top_logprobs");
        }
        boolean logprobs = Boolean.TRUE.equals(r.logprobs());
        ResponseFormat format = ResponseFormat.of(r.responseFormat(), family);
        return new GenerationConfig(
                temperature,
                topP,
                topK,
                n != null && n > 1 ? n : null,
                maxTokens,
                stopSequences(r.stop()),
                r.seed() == null ? null : (long) Math.floorMod(r.seed(), 1L << 31), // Gemini's seed is an int32
                penalty(r.presencePenalty(), "presence_penalty"),
                penalty(r.frequencyPenalty(), "frequency_penalty"),
                logprobs ? Boolean.TRUE : null,
                logprobs && topLogprobs != null && topLogprobs > 0 ? topLogprobs : null,
                format.mimeType(),
                format.jsonSchema(),
                format.schema(),
                modalities(r.modalities()),
                Thinking.config(r, family, settings.reasoningBudgets(), returnReasoning));
    }

    /** 0 is OpenAI's default and some models reject the field altogether, so 0 is not sent. */
    private static Double penalty(Double value, String param) {
        if (value == null || value == 0) {
            return null;
        }
        if (value < -2 || value > 2) {
            throw GatewayException.invalidValue("'" + param + "' must be between -2 and 2.", param);
        }
        return value;
    }

    /** Only audio output changes anything: text is Gemini's default. */
    private static List<String> modalities(List<String> modalities) {
        if (modalities == null || !modalities.contains("audio")) {
            return null;
        }
        return modalities.stream().map(m -> m.toUpperCase(java.util.Locale.ROOT)).toList();
    }

    private static List<String> stopSequences(JsonNode stop) {
        if (stop == null || stop.isNull()) {
            return null;
        }
        if (stop.isTextual()) {
            return List.of(stop.asText());
        }
        if (!stop.isArray()) {
            throw GatewayException.invalidRequest("'stop' must be a string or an array of strings.", "stop");
        }
        if (stop.size() > MAX_STOP_SEQUENCES) {
            throw GatewayException.invalidValue("'stop' takes at most " + MAX_STOP_SEQUENCES + " sequences.", "stop");
        }
        List<String> out = new ArrayList<>(stop.size());
        for (JsonNode s : stop) {
            if (!s.isTextual()) {
                throw GatewayException.invalidRequest("'stop' must be a string or an array of strings.", "stop");
            }
            out.add(s.asText());
        }
        return out.isEmpty() ? null : out;
    }

    /** response_format → responseMimeType with responseJsonSchema (or the sanitised responseSchema). */
    record ResponseFormat(String mimeType, JsonNode jsonSchema, JsonNode schema) {
        static ResponseFormat of(JsonNode format, ModelFamily family) {
            if (format == null || format.isNull()) {
                return new ResponseFormat(null, null, null);
            }
            String type = format.path("type").asText("");
            return switch (type) {
                case "text" -> new ResponseFormat(null, null, null);
                case "json_object" -> new ResponseFormat("application/json", null, null);
                case "json_schema" -> {
                    JsonNode schema = format.path("json_schema").path("schema");
                    if (!schema.isObject()) {
                        yield new ResponseFormat("application/json", null, null);
                    }
                    yield family.acceptsJsonSchema()
                            ? new ResponseFormat("application/json", schema, null)
                            : new ResponseFormat("application/json", null, SchemaSanitizer.toGeminiSchema(schema));
                }
                default -> throw GatewayException.invalidValue("Invalid response_format type '" + type
                        + "': expected text, json_object or json_schema.", "response_format.type");
            };
        }
    }
}
