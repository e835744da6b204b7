package com.geminigateway.gemini;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** One part of a turn. Responses may carry a thought summary ({@code thought: true}) and a signature. */
public record Part(String text, Boolean thought, String thoughtSignature) {

    public static Part text(String text) {
        return new Part(text, null, null);
    }

    @JsonIgnore
    public boolean isThought() {
        return Boolean.TRUE.equals(thought);
    }
}
