package com.geminigateway.gemini;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** The body of generateContent / streamGenerateContent; null fields are left out of the JSON. */
public record GenerateContentRequest(
        List<Content> contents,
        Content systemInstruction,
        List<Tool> tools,
        ToolConfig toolConfig,
        List<SafetySetting> safetySettings,
        GenerationConfig generationConfig,
        String cachedContent) {

    public record SafetySetting(String category, String threshold) {
    }

    /** All functions go into one tool object. */
    public record Tool(List<FunctionDeclaration> functionDeclarations) {
    }

    /** Exactly one of {@code parametersJsonSchema} (plain JSON Schema) and {@code parameters} (Gemini Schema). */
    public record FunctionDeclaration(String name, String description, JsonNode parametersJsonSchema, JsonNode parameters) {
    }

    public record ToolConfig(FunctionCallingConfig functionCallingConfig) {
    }

    /** mode AUTO, ANY or NONE; {@code allowedFunctionNames} only with ANY. */
    public record FunctionCallingConfig(String mode, List<String> allowedFunctionNames) {
    }

    /** {@code thinkingBudget} (2.5 models) and {@code thinkingLevel} (3.x) are mutually exclusive. */
    public record ThinkingConfig(Boolean includeThoughts, Integer thinkingBudget, String thinkingLevel) {
    }

    public record GenerationConfig(
            Double temperature,
            Double topP,
            Integer topK,
            Integer candidateCount,
            Integer maxOutputTokens,
            List<String> stopSequences,
            Long seed,
            Double presencePenalty,
            Double frequencyPenalty,
            Boolean responseLogprobs,
            Integer logprobs,
            String responseMimeType,
            JsonNode responseJsonSchema,
            JsonNode responseSchema,
            List<String> responseModalities,
            ThinkingConfig thinkingConfig) {

        @JsonIgnore
        public boolean isEmpty() {
            return equals(new GenerationConfig(null, null, null, null, null, null, null, null, null, null, null,
                    null, null, null, null, null));
        }
    }
}
