package com.geminigateway.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One request as {@link FakeGemini} received it.
 *
 * @param method  HTTP method, e.g. {@code "POST"}
 * @param path    decoded path, e.g. {@code "/v1beta/models/gemini-2.5-flash:streamGenerateContent"}
 * @param query   raw query string without {@code ?}, or null
 * @param apiKey  the key from {@code x-goog-api-key} or {@code ?key=}, or null when there was none
 * @param headers request headers; the map looks names up case-insensitively
 * @param body    raw body ({@code ""} when there was none)
 * @param json    the body parsed as JSON, or null when it is empty or not JSON
 */
public record Received(String method, String path, String query, String apiKey,
                       Map<String, List<String>> headers, String body, JsonNode json) {

    public Received {
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        headers = Collections.unmodifiableMap(copy);
    }

    /** First value of header {@code name} (any case), or null. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The model id in the path ({@code gemini-2.5-flash} for {@code /v1beta/models/gemini-2.5-flash:generateContent}), or null. */
    public String model() {
        return FakeGemini.Route.parse(method, path).model();
    }

    /** Whether this was a {@code streamGenerateContent} call. */
    public boolean isStream() {
        return "streamGenerateContent".equals(FakeGemini.Route.parse(method, path).action());
    }

    /** Text of the last user content of a generateContent body (what {@link FakeGemini#onPrompt} matches), or {@code ""}. */
    public String lastUserText() {
        return FakeGemini.lastUserText(json);
    }
}
