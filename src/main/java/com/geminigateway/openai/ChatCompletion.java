package com.geminigateway.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A non-streaming chat answer ({@code object: "chat.completion"}). */
public record ChatCompletion(
        String id,
        String object,
        long created,
        String model,
        @JsonProperty("system_fingerprint") String systemFingerprint,
        List<Choice> choices,
        Usage usage) {

    public record Choice(
            int index,
            Message message,
            @JsonInclude(JsonInclude.Include.ALWAYS) Logprobs logprobs,
            @JsonProperty("finish_reason") @JsonInclude(JsonInclude.Include.ALWAYS) String finishReason) {
    }

    /**
     * {@code reasoning_content} (DeepSeek's name, read by most clients) and {@code reasoning} (OpenRouter's)
     * carry the same thought summary, and only when reasoning is returned at all.
     */
    public record Message(
            String role,
            @JsonInclude(JsonInclude.Include.ALWAYS) String content,
            @JsonInclude(JsonInclude.Include.ALWAYS) String refusal,
            @JsonProperty("reasoning_content") String reasoningContent,
            String reasoning,
            @JsonProperty("tool_calls") List<ToolCall> toolCalls) {
    }
}
