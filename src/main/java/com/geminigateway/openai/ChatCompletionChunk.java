package com.geminigateway.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** One streamed event ({@code object: "chat.completion.chunk"}); {@code usage} is null except in the usage chunk. */
public record ChatCompletionChunk(
        String id,
        String object,
        long created,
        String model,
        @JsonProperty("system_fingerprint") String systemFingerprint,
        List<Choice> choices,
        @JsonInclude(JsonInclude.Include.ALWAYS) Usage usage) {

    public record Choice(
            int index,
            Delta delta,
            @JsonInclude(JsonInclude.Include.ALWAYS) Logprobs logprobs,
            @JsonProperty("finish_reason") @JsonInclude(JsonInclude.Include.ALWAYS) String finishReason) {
    }

    /** Only the fields that changed; absent fields are omitted, not null. */
    public record Delta(
            String role,
            String content,
            String refusal,
            @JsonProperty("reasoning_content") String reasoningContent,
            String reasoning,
            @JsonProperty("tool_calls") List<ToolCall> toolCalls) {

        public static final Delta EMPTY = new Delta(null, null, null, null, null, null);

        public static Delta content(String text) {
            return new Delta(null, text, null, null, null, null);
        }

        public static Delta reasoning(String text) {
            return new Delta(null, null, null, text, text, null);
        }

        public static Delta refusal(String text) {
            return new Delta(null, null, text, null, null, null);
        }

        public static Delta toolCall(ToolCall call) {
            return new Delta(null, null, null, null, null, List.of(call));
        }
    }
}
