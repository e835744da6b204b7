package com.geminigateway.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A model that {@link FakeGemini} lists and serves.
 *
 * @param id                         bare id, e.g. {@code "gemini-2.5-flash"} (listed as {@code "models/gemini-2.5-flash"})
 * @param displayName                e.g. {@code "Gemini 2.5 Flash"}
 * @param inputTokenLimit            {@code inputTokenLimit}
 * @param outputTokenLimit           {@code outputTokenLimit}
 * @param supportedGenerationMethods e.g. {@code ["generateContent","countTokens"]}
 */
public record FakeModel(String id, String displayName, int inputTokenLimit, int outputTokenLimit,
                        List<String> supportedGenerationMethods) {

    public FakeModel {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(displayName, "displayName");
        if (id.isEmpty() || id.startsWith("models/") || id.contains(":")) {
            throw new IllegalArgumentException("id must be a bare model id like gemini-2.5-flash, got: " + id);
        }
        supportedGenerationMethods = List.copyOf(supportedGenerationMethods);
    }

    /**
     * A model with defaults derived from its id: ids containing {@code "embedding"} support
     * {@code embedContent, batchEmbedContents} (input limit 2048, output 1); all others support
     * {@code generateContent, countTokens} (input 1048576, output 65536).
     */
    public static FakeModel of(String id) {
        String displayName = Arrays.stream(id.split("-"))
                .map(word -> word.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1))
                .collect(Collectors.joining(" "));
        return id.contains("embedding")
                ? new FakeModel(id, displayName, 2048, 1, List.of("embedContent", "batchEmbedContents"))
                : new FakeModel(id, displayName, 1_048_576, 65_536, List.of("generateContent", "countTokens"));
    }

    /** Whether a call of {@code method} (e.g. {@code streamGenerateContent}) is allowed on this model. */
    public boolean supports(String method) {
        String required = method.equals("streamGenerateContent") ? "generateContent" : method;
        return supportedGenerationMethods.contains(required);
    }

    /** The Model resource as {@code models.get} returns it. */
    ObjectNode toJson() {
        ObjectNode json = FakeGemini.JSON.createObjectNode();
        json.put("name", "models/" + id);
        json.put("version", "001");
        json.put("displayName", displayName);
        json.put("description", "Fake " + displayName + " served by FakeGemini");
        json.put("inputTokenLimit", inputTokenLimit);
        json.put("outputTokenLimit", outputTokenLimit);
        supportedGenerationMethods.forEach(json.putArray("supportedGenerationMethods")::add);
        return json;
    }
}
