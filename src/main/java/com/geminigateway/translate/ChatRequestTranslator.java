package com.geminigateway.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.geminigateway.errors.GatewayException;
import com.geminigateway.gemini.Content;
import com.geminigateway.gemini.GenerateContentRequest;
import com.geminigateway.gemini.GenerateContentRequest.GenerationConfig;
import com.geminigateway.gemini.GenerateContentRequest.SafetySetting;
import com.geminigateway.gemini.Part;
import com.geminigateway.openai.ChatCompletionRequest;
import com.geminigateway.openai.ChatMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI chat request → Gemini generateContent request, for text conversations. Pure: no I/O, and every
 * bad input becomes a {@link GatewayException} that names the offending parameter.
 */
public final class ChatRequestTranslator {

    /** Gemini takes at most five stop sequences (OpenAI documents four). */
    static final int MAX_STOP_SEQUENCES = 5;

    static final List<String> HARM_CATEGORIES = List.of(
            "HARM_CATEGORY_HARASSMENT",
            "HARM_CATEGORY_HATE_SPEECH",
            "HARM_CATEGORY_SEXUALLY_EXPLICIT",
            "HARM_CATEGORY_DANGEROUS_CONTENT",
            "HARM_CATEGORY_CIVIC_INTEGRITY");

    private final List<SafetySetting> safetySettings;

    /** @param disableSafetyFiltering {@code OFF} (filter switched off) instead of {@code BLOCK_NONE} (rated, never blocked) */
    public ChatRequestTranslator(boolean disableSafetyFiltering) {
        String threshold = disableSafetyFiltering ? "OFF" : "BLOCK_NONE";
        this.safetySettings = HARM_CATEGORIES.stream().map(c -> new SafetySetting(c, threshold)).toList();
    }

    public GenerateContentRequest translate(ChatCompletionRequest request) {
        List<ChatMessage> messages = request.messages();
        if (messages == null || messages.isEmpty()) {
            throw GatewayException.invalidRequest("'messages' must contain at least one message.", "messages");
        }
        List<String> system = new ArrayList<>();
        List<Content> contents = new ArrayList<>();
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
            switch (role) {
                case "system", "developer" -> {
                    String text = String.join("\n", texts(message.content(), param));
                    if (!text.isEmpty()) {
                        system.add(text);
                    }
                }
                case "user" -> append(contents, "user", texts(message.content(), param));
                case "assistant" -> append(contents, "model", texts(message.content(), param));
                case "tool", "function" -> throw GatewayException.invalidValue(
                        "Messages with role '" + role + "' are not supported by this gateway version.", param + ".role");
                default -> throw GatewayException.invalidValue(
                        "Invalid role '" + role + "': expected system, developer, user or assistant.", param + ".role");
            }
        }
        if (contents.isEmpty()) {
            throw GatewayException.invalidRequest(
                    "'messages' must contain at least one user or assistant message with content.", "messages");
        }
        Content systemInstruction = system.isEmpty()
                ? null
                : new Content(null, List.of(Part.text(String.join("\n\n", system))));
        return new GenerateContentRequest(contents, systemInstruction, safetySettings, generationConfig(request));
    }

    /** Consecutive messages of one role become one turn, so the turns alternate as Gemini expects. */
    private static void append(List<Content> contents, String role, List<String> texts) {
        List<Part> parts = texts.stream().filter(t -> !t.isEmpty()).map(Part::text).toList();
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

    /** The text of a message's content: a string, or an array of text parts (all kept, in order). */
    private static List<String> texts(JsonNode content, String param) {
        if (content == null || content.isNull()) {
            return List.of();
        }
        if (content.isTextual()) {
            return List.of(content.asText());
        }
        if (!content.isArray()) {
            throw GatewayException.invalidRequest("'content' must be a string or an array of content parts.",
                    param + ".content");
        }
        List<String> out = new ArrayList<>(content.size());
        for (int j = 0; j < content.size(); j++) {
            JsonNode part = content.get(j);
            String partParam = param + ".content[" + j + "]";
            String type = part.path("type").asText("");
            switch (type) {
                case "text" -> {
                    JsonNode text = part.get("text");
                    if (text == null || !text.isTextual()) {
                        throw GatewayException.invalidRequest("A text part needs a string 'text'.", partParam + ".text");
                    }
                    out.add(text.asText());
                }
                case "refusal" -> out.add(part.path("refusal").asText(""));
                case "" -> throw GatewayException.invalidRequest("Content part " + j + " has no 'type'.", partParam);
                default -> throw GatewayException.invalidValue(
                        "Content part type '" + type + "' is not supported by this gateway version.", partParam + ".type");
            }
        }
        return out;
    }

    private static GenerationConfig generationConfig(ChatCompletionRequest r) {
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
        GenerationConfig config = new GenerationConfig(temperature, topP, maxTokens, stopSequences(r.stop()));
        return config.isEmpty() ? null : config;
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
}
