package com.geminigateway.translate;

import com.geminigateway.gemini.GenerateContentRequest;

/** A translated chat request: the Gemini body, and how its answer is to be shaped. */
public record GeminiChat(GenerateContentRequest request, ResponseOptions response) {
}
