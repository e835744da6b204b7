package com.geminigateway.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The embeddings answer; {@code embedding} is a float array or, with {@code encoding_format: base64}, a string. */
public record EmbeddingResponse(String object, List<Item> data, String model, Usage usage) {

    public record Item(String object, int index, Object embedding) {
    }

    public record Usage(@JsonProperty("prompt_tokens") int promptTokens, @JsonProperty("total_tokens") int totalTokens) {
    }
}
