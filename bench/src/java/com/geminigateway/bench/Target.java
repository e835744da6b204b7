package com.geminigateway.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One path under test: the same chat, either as a Gemini request straight to the fake ("direct") or as
 * an OpenAI request to the gateway, which translates it and calls the fake.
 */
record Target(String name, URI chat, URI stream, Map<String, String> headers, String chatBody, String streamBody) {

    static final String PROMPT = "Write two sentences about foxes.";

    static Target direct(int fakePort) {
        String base = "http://127.0.0.1:" + fakePort + "/v1beta/models/" + FastFakeGemini.MODEL;
        return new Target("direct", URI.create(base + ":generateContent"),
                URI.create(base + ":streamGenerateContent?alt=sse"), Map.of("x-goog-api-key", "bench-key"),
                geminiBody(PROMPT), geminiBody(PROMPT + " @chunks=%d @spacing=%d"));
    }

    static Target gateway(int port, String password) {
        URI uri = URI.create("http://127.0.0.1:" + port + "/v1/chat/completions");
        return new Target("gateway", uri, uri, Map.of("Authorization", "Bearer " + password),
                openAiBody(PROMPT, false), openAiBody(PROMPT + " @chunks=%d @spacing=%d", true));
    }

    byte[] chatBytes() {
        return chatBody.getBytes(StandardCharsets.UTF_8);
    }

    /** A streaming request whose fake answer has {@code chunks} events {@code spacingMs} apart. */
    byte[] streamBytes(int chunks, int spacingMs) {
        return String.format(streamBody, chunks, spacingMs).getBytes(StandardCharsets.UTF_8);
    }

    /** The body the gateway itself sends for an OpenAI request with one user message. */
    private static String geminiBody(String prompt) {
        return "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"" + prompt + "\"}]}],"
                + "\"systemInstruction\":{\"parts\":[{\"text\":\"You are terse.\"}]},"
                + "\"safetySettings\":[{\"category\":\"HARM_CATEGORY_HARASSMENT\",\"threshold\":\"BLOCK_NONE\"},"
                + "{\"category\":\"HARM_CATEGORY_HATE_SPEECH\",\"threshold\":\"BLOCK_NONE\"},"
                + "{\"category\":\"HARM_CATEGORY_SEXUALLY_EXPLICIT\",\"threshold\":\"BLOCK_NONE\"},"
                + "{\"category\":\"HARM_CATEGORY_DANGEROUS_CONTENT\",\"threshold\":\"BLOCK_NONE\"},"
                + "{\"category\":\"HARM_CATEGORY_CIVIC_INTEGRITY\",\"threshold\":\"BLOCK_NONE\"}],"
                + "\"generationConfig\":{\"temperature\":0.7}}";
    }

    private static String openAiBody(String prompt, boolean stream) {
        return "{\"model\":\"" + FastFakeGemini.MODEL + "\",\"messages\":[{\"role\":\"system\",\"content\":"
                + "\"You are terse.\"},{\"role\":\"user\",\"content\":\"" + prompt + "\"}],\"temperature\":0.7"
                + (stream ? ",\"stream\":true,\"stream_options\":{\"include_usage\":true}" : "") + "}";
    }
}
