package com.geminigateway.openai;

import com.fasterxml.jackson.annotation.JsonProperty;

public record Usage(
        @JsonProperty("prompt_tokens") int promptTokens,
        @JsonProperty("completion_tokens") int completionTokens,
        @JsonProperty("total_tokens") int totalTokens,
        @JsonProperty("prompt_tokens_details") PromptDetails promptTokensDetails,
        @JsonProperty("completion_tokens_details") CompletionDetails completionTokensDetails) {

    public record PromptDetails(@JsonProperty("cached_tokens") int cachedTokens) {
    }

    public record CompletionDetails(@JsonProperty("reasoning_tokens") int reasoningTokens) {
    }
}
