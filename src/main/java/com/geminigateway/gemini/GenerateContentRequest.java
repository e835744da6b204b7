package com.geminigateway.gemini;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.List;

/** The body of generateContent / streamGenerateContent; null fields are left out of the JSON. */
public record GenerateContentRequest(
        List<Content> contents,
        Content systemInstruction,
        List<SafetySetting> safetySettings,
        GenerationConfig generationConfig) {

    public record SafetySetting(String category, String threshold) {
    }

    public record GenerationConfig(
            Double temperature,
            Double topP,
            Integer maxOutputTokens,
            List<String> stopSequences) {

        @JsonIgnore
        public boolean isEmpty() {
            return temperature == null && topP == null && maxOutputTokens == null && stopSequences == null;
        }
    }
}
