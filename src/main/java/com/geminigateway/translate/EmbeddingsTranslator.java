package com.geminigateway.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.geminigateway.errors.GatewayException;
import com.geminigateway.gemini.Content;
import com.geminigateway.gemini.Embeddings.BatchEmbedContentsRequest;
import com.geminigateway.gemini.Embeddings.EmbedContentRequest;
import com.geminigateway.gemini.Embeddings.Embedding;
import com.geminigateway.gemini.Part;
import com.geminigateway.openai.EmbeddingRequest;
import com.geminigateway.openai.EmbeddingResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * OpenAI embeddings ⇄ Gemini (wire-formats.md D.7). One string goes to embedContent; an array goes to
 * batchEmbedContents in batches of at most {@value #MAX_BATCH}. Gemini reports no token usage for
 * embeddings, so {@code usage.prompt_tokens} is an estimate: one token per four characters of input,
 * rounded up per input.
 */
public final class EmbeddingsTranslator {

    /** Gemini's batchEmbedContents limit. */
    public static final int MAX_BATCH = 100;
    /** OpenAI's own limit on inputs per request. */
    static final int MAX_INPUTS = 2048;

    /** What one embeddings request asks for. */
    public record Plan(String model, List<String> inputs, boolean single, boolean base64, Integer dimensions,
                       String taskType) {

        public String embedPath() {
            return "/v1beta/models/" + model + ":embedContent";
        }

        public String batchPath() {
            return "/v1beta/models/" + model + ":batchEmbedContents";
        }

        public EmbedContentRequest single(String text) {
            return new EmbedContentRequest("models/" + model, new Content(null, List.of(Part.text(text))), taskType, dimensions);
        }

        /** The batch bodies, in input order. */
        public List<BatchEmbedContentsRequest> batches() {
            List<BatchEmbedContentsRequest> out = new ArrayList<>();
            for (int from = 0; from < inputs.size(); from += MAX_BATCH) {
                out.add(new BatchEmbedContentsRequest(inputs.subList(from, Math.min(inputs.size(), from + MAX_BATCH))
                        .stream().map(this::single).toList()));
            }
            return out;
        }
    }

    private EmbeddingsTranslator() {
    }

    public static Plan plan(EmbeddingRequest request, String model) {
        JsonNode input = request.input();
        List<String> inputs = new ArrayList<>();
        boolean single = input != null && input.isTextual();
        if (single) {
            inputs.add(input.asText());
        } else if (input != null && input.isArray()) {
            for (JsonNode item : input) {
                if (!item.isTextual()) {
                    throw GatewayException.invalidValue("'input' must be a string or an array of strings; token ids"
                            + " are not supported by Gemini.", "input");
                }
                inputs.add(item.asText());
            }
        } else {
            throw GatewayException.invalidRequest("'input' must be a string or an array of strings.", "input");
        }
        if (inputs.isEmpty() || inputs.size() > MAX_INPUTS) {
            throw GatewayException.invalidValue("'input' must hold 1 to " + MAX_INPUTS + " strings.", "input");
        }
        if (inputs.stream().anyMatch(String::isEmpty)) {
            throw GatewayException.invalidValue("'input' must not contain empty strings.", "input");
        }
        String format = request.encodingFormat() == null ? "float" : request.encodingFormat();
        if (!format.equals("float") && !format.equals("base64")) {
            throw GatewayException.invalidValue("'encoding_format' must be float or base64.", "encoding_format");
        }
        Integer dimensions = request.dimensions();
        if (dimensions != null && dimensions < 1) {
            throw GatewayException.invalidValue("'dimensions' must be at least 1.", "dimensions");
        }
        JsonNode taskType = request.extraBody() == null ? null : request.extraBody().path("google").path("task_type");
        return new Plan(model, List.copyOf(inputs), single, format.equals("base64"), dimensions,
                taskType != null && taskType.isTextual() ? taskType.asText() : null);
    }

    public static EmbeddingResponse toOpenAi(Plan plan, List<Embedding> embeddings) {
        if (embeddings.size() != plan.inputs().size()) {
            throw new GatewayException(502, "server_error", "bad_upstream_response", null,
                    "Gemini returned " + embeddings.size() + " embeddings for " + plan.inputs().size() + " inputs.", null);
        }
        List<EmbeddingResponse.Item> data = new ArrayList<>(embeddings.size());
        for (int i = 0; i < embeddings.size(); i++) {
            float[] values = embeddings.get(i) == null || embeddings.get(i).values() == null
                    ? new float[0] : embeddings.get(i).values();
            data.add(new EmbeddingResponse.Item("embedding", i, plan.base64() ? base64(values) : values));
        }
        int tokens = plan.inputs().stream().mapToInt(s -> (s.length() + 3) / 4).sum();
        return new EmbeddingResponse("list", data, plan.model(), new EmbeddingResponse.Usage(tokens, tokens));
    }

    /** OpenAI's base64 format: the float32 values, little-endian. */
    static String base64(float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            buffer.putFloat(v);
        }
        return Base64.getEncoder().encodeToString(buffer.array());
    }
}
