package com.geminigateway.relay;

import com.geminigateway.translate.ResponseOptions;
import com.geminigateway.usage.UsageRecorder;

/**
 * One client's chat request, already translated: the model id (checked, safe in a URL path), the Gemini
 * request body, and what the answer needs (creation time, usage chunk, how to shape it).
 *
 * @param usageRecorder told once, when the call ends, what Gemini reported it used
 */
public record ChatCall(String requestId, String model, byte[] body, long created, boolean includeUsage,
                       ResponseOptions response, UsageRecorder usageRecorder) {

    String generatePath() {
        return "/v1beta/models/" + model + ":generateContent";
    }

    String streamPath() {
        return "/v1beta/models/" + model + ":streamGenerateContent?alt=sse";
    }
}
