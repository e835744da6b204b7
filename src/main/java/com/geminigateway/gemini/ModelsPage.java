package com.geminigateway.gemini;

import java.util.List;

/** One page of models.list. */
public record ModelsPage(List<Model> models, String nextPageToken) {

    public record Model(
            String name,
            String displayName,
            Integer inputTokenLimit,
            Integer outputTokenLimit,
            List<String> supportedGenerationMethods) {

        /** "models/gemini-2.5-flash" → "gemini-2.5-flash". */
        public String id() {
            return name != null && name.startsWith("models/") ? name.substring("models/".length()) : name;
        }

        public boolean supports(String method) {
            return supportedGenerationMethods != null && supportedGenerationMethods.contains(method);
        }
    }

    public List<Model> modelsOrEmpty() {
        return models == null ? List.of() : models;
    }
}
