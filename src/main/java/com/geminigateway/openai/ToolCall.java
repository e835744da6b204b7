package com.geminigateway.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A tool call, in requests (assistant history), answers and stream deltas. {@code index} is set only in
 * deltas. {@code extra_content.google.thought_signature} carries Gemini's thought signature to the client
 * and back, as Google's own compatibility layer does.
 */
public record ToolCall(
        Integer index,
        String id,
        String type,
        Function function,
        @JsonProperty("extra_content") JsonNode extraContent) {

    public record Function(String name, String arguments) {
    }

    /** The thought signature a client sent back, or null. */
    public String thoughtSignature() {
        if (extraContent == null) {
            return null;
        }
        JsonNode signature = extraContent.path("google").path("thought_signature");
        return signature.isTextual() && !signature.asText().isEmpty() ? signature.asText() : null;
    }
}
