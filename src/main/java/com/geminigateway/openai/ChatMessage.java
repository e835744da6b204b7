package com.geminigateway.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One message of an OpenAI conversation; {@code content} is a string, an array of parts, or null.
 * Assistant messages may carry {@code tool_calls}; tool messages name the call they answer. Reasoning a
 * client sends back ({@code reasoning_content}) is not read: Gemini takes no thought text back.
 */
public record ChatMessage(
        String role,
        JsonNode content,
        String name,
        @JsonProperty("tool_calls") List<ToolCall> toolCalls,
        @JsonProperty("tool_call_id") String toolCallId,
        /** The deprecated single function call of an assistant message. */
        @JsonProperty("function_call") ToolCall.Function functionCall) {
}
