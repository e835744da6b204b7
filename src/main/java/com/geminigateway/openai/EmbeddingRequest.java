package com.geminigateway.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/** {@code POST /v1/embeddings}; {@code input} is a string or an array of strings (token ids are refused). */
public record EmbeddingRequest(
        String model,
        JsonNode input,
        @JsonProperty("encoding_format") String encodingFormat,
        Integer dimensions,
        @JsonProperty("extra_body") JsonNode extraBody) {
}
