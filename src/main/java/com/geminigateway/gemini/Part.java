package com.geminigateway.gemini;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One part of a turn; exactly one data field is set. Responses may mark a text part as a thought summary
 * ({@code thought: true}); {@code thoughtSignature} sits next to the data field it belongs to.
 * {@code executableCode} / {@code codeExecutionResult} come from the code-execution tool and are only read.
 */
public record Part(
        String text,
        Boolean thought,
        String thoughtSignature,
        Blob inlineData,
        FileData fileData,
        FunctionCall functionCall,
        FunctionResponse functionResponse,
        JsonNode executableCode,
        JsonNode codeExecutionResult) {

    /** Inline bytes, base64. */
    public record Blob(String mimeType, String data) {
    }

    public record FileData(String mimeType, String fileUri) {
    }

    /** {@code args} is a JSON object. {@code id} is read but never sent: v1beta rejects it in requests. */
    public record FunctionCall(String name, JsonNode args, String id) {
    }

    public record FunctionResponse(String name, JsonNode response) {
    }

    public static Part text(String text) {
        return new Part(text, null, null, null, null, null, null, null, null);
    }

    public static Part inline(String mimeType, String base64) {
        return new Part(null, null, null, new Blob(mimeType, base64), null, null, null, null, null);
    }

    public static Part file(String mimeType, String uri) {
        return new Part(null, null, null, null, new FileData(mimeType, uri), null, null, null, null);
    }

    public static Part call(String name, JsonNode args, String thoughtSignature) {
        return new Part(null, null, thoughtSignature, null, null, new FunctionCall(name, args, null), null, null, null);
    }

    public static Part response(String name, JsonNode response) {
        return new Part(null, null, null, null, null, null, new FunctionResponse(name, response), null, null);
    }

    public Part withThoughtSignature(String signature) {
        return new Part(text, thought, signature, inlineData, fileData, functionCall, functionResponse,
                executableCode, codeExecutionResult);
    }

    @JsonIgnore
    public boolean isThought() {
        return Boolean.TRUE.equals(thought);
    }
}
