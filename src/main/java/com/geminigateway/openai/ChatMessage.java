package com.geminigateway.openai;

import com.fasterxml.jackson.databind.JsonNode;

/** One message of an OpenAI conversation; {@code content} is a string, an array of parts, or null. */
public record ChatMessage(String role, JsonNode content, String name) {
}
