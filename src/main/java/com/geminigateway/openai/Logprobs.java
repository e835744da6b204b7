package com.geminigateway.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code choices[].logprobs}: one entry per chosen token, with the top alternatives when asked. */
public record Logprobs(List<Token> content) {

    public record Token(String token, double logprob, List<Integer> bytes, @JsonProperty("top_logprobs") List<TopToken> topLogprobs) {
    }

    public record TopToken(String token, double logprob, List<Integer> bytes) {
    }
}
