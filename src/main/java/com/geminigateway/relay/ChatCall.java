package com.geminigateway.relay;

/**
 * One client's chat request, already translated: the model id (checked, safe in a URL path), the Gemini
 * request body, and what the answer needs (creation time, usage chunk).
 */
public record ChatCall(String requestId, String model, byte[] body, long created, boolean includeUsage) {

    String generatePath() {
        return "/v1beta/models/" + model + ":generateContent";
    }

    String streamPath() {
        return "/v1beta/models/" + model + ":streamGenerateContent?alt=sse";
    }
}
