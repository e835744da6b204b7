package com.geminigateway.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** A whole generateContent answer, or one streamed chunk of one (chunks carry only the new parts). */
public record GenerateContentResponse(
        List<Candidate> candidates,
        PromptFeedback promptFeedback,
        UsageMetadata usageMetadata,
        String modelVersion,
        String responseId,
        /** Set instead of everything else when Gemini reports an error inside a 200 stream. */
        GoogleError error) {

    public record Candidate(
            Content content,
            String finishReason,
            String finishMessage,
            Integer index,
            /** {chosenCandidates:[{token, logProbability}], topCandidates:[{candidates:[...]}]} */
            JsonNode logprobsResult) {

        public int indexOrZero() {
            return index == null ? 0 : index;
        }

        public List<Part> partsOrEmpty() {
            return content == null || content.parts() == null ? List.of() : content.parts();
        }
    }

    public record PromptFeedback(String blockReason) {
    }

    public record UsageMetadata(
            Integer promptTokenCount,
            Integer candidatesTokenCount,
            Integer thoughtsTokenCount,
            Integer cachedContentTokenCount,
            Integer toolUsePromptTokenCount,
            Integer totalTokenCount) {
    }

    public List<Candidate> candidatesOrEmpty() {
        return candidates == null ? List.of() : candidates;
    }
}
