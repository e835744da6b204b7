package com.geminigateway.gemini;

import java.util.List;

/** embedContent / batchEmbedContents bodies and answers (wire-formats.md A.5). */
public final class Embeddings {

    private Embeddings() {
    }

    /** One text to embed; {@code model} is "models/{id}" and must equal the model of the URL. */
    public record EmbedContentRequest(String model, Content content, String taskType, Integer outputDimensionality) {
    }

    public record BatchEmbedContentsRequest(List<EmbedContentRequest> requests) {
    }

    public record Embedding(float[] values) {
    }

    public record EmbedContentResponse(Embedding embedding) {
    }

    public record BatchEmbedContentsResponse(List<Embedding> embeddings) {
    }
}
