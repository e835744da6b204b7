package com.geminigateway.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.geminigateway.gemini.Part;
import com.geminigateway.json.Json;
import com.geminigateway.openai.ToolCall;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Gemini functionCall parts → OpenAI tool calls. The gateway names each call ({@code call_} + 24 random
 * characters, or Gemini's own id when it sends one), returns the thought signature in
 * {@code extra_content.google.thought_signature} and keeps it under the call's id for clients that drop it.
 */
final class ToolCalls {

    static final String WRITE_TO_FILE = "write_to_file";
    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private ToolCalls() {
    }

    static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] id = new char[24];
        for (int i = 0; i < id.length; i++) {
            id[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return "call_" + new String(id);
    }

    /** The whole call, with arguments as a JSON string; {@code index} only for stream deltas. */
    static ToolCall toOpenAi(Part part, Integer index, ResponseOptions options, ThoughtSignatures signatures) {
        Part.FunctionCall call = part.functionCall();
        String id = call.id() != null && !call.id().isBlank() ? call.id() : newId();
        JsonNode args = call.args() != null && call.args().isObject() ? call.args() : Json.MAPPER.createObjectNode();
        if (options.fillWriteToFileLineCount()) {
            args = withLineCount(call.name(), args);
        }
        String signature = part.thoughtSignature();
        JsonNode extra = null;
        if (signature != null && !signature.isEmpty()) {
            signatures.remember(id, signature);
            ObjectNode e = Json.MAPPER.createObjectNode();
            e.putObject("google").put("thought_signature", signature);
            extra = e;
        }
        return new ToolCall(index, id, "function", new ToolCall.Function(call.name(), Json.toString(args)), extra);
    }

    /**
     * Roo Code and Cline reject a {@code write_to_file} call without {@code line_count}, which Gemini often
     * leaves out: count the lines of {@code content} for them.
     */
    static JsonNode withLineCount(String name, JsonNode args) {
        if (!WRITE_TO_FILE.equals(name) || args.has("line_count") || !args.path("content").isTextual()) {
            return args;
        }
        String content = args.get("content").asText();
        long lines = content.isEmpty() ? 0 : content.lines().count();
        ObjectNode copy = ((ObjectNode) args).deepCopy();
        copy.put("line_count", lines);
        return copy;
    }
}
