package com.geminigateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Measures base64 payloads sent inline, wherever they sit in a request: data URIs
 * ({@code data:image/png;base64,...} in OpenAI's {@code image_url} and {@code file_data}) and the
 * {@code data} of OpenAI's {@code input_audio} and Gemini's {@code inlineData}. It looks at the parsed
 * JSON, not at any one wire format, so new content part types are covered without changes here.
 */
public final class InlineData {

    private static final Set<String> BASE64_HOLDERS = Set.of("input_audio", "inlineData", "inline_data");
    private static final String BASE64_MARKER = ";base64,";

    private InlineData() {
    }

    /** Decoded bytes of every inline payload in {@code node} and below. */
    public static long decodedBytes(JsonNode node) {
        if (node == null) {
            return 0;
        }
        if (node.isTextual()) {
            return dataUriBytes(node.textValue());
        }
        long total = 0;
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                JsonNode value = field.getValue();
                if (BASE64_HOLDERS.contains(field.getKey()) && value.path("data").isTextual()
                        && !value.get("data").textValue().startsWith("data:")) {
                    total += base64Bytes(value.get("data").textValue(), 0);
                }
                total += decodedBytes(value);
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                total += decodedBytes(element);
            }
        }
        return total;
    }

    private static long dataUriBytes(String text) {
        if (!text.regionMatches(true, 0, "data:", 0, 5)) {
            return 0;
        }
        int marker = text.indexOf(BASE64_MARKER);
        if (marker < 0) {
            return text.length(); // percent-encoded or plain: at most one byte per character
        }
        return base64Bytes(text, marker + BASE64_MARKER.length());
    }

    /** Three bytes per four characters, less padding; close enough for a limit, without decoding. */
    private static long base64Bytes(String text, int start) {
        int end = text.length();
        while (end > start && (text.charAt(end - 1) == '=' || Character.isWhitespace(text.charAt(end - 1)))) {
            end--;
        }
        return (long) (end - start) * 3 / 4;
    }
}
