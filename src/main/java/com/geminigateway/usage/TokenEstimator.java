package com.geminigateway.usage;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.geminigateway.json.Json;
import java.io.IOException;
import java.util.Set;

/**
 * A quick estimate of the input tokens of a Gemini request, before it is sent: about four characters a
 * token for text (messages, system instruction, tool declarations, function results), and Google's flat
 * 258 tokens for each inline or referenced media part. Good enough for the pool's local pre-check; the
 * real count from the answer replaces it.
 */
public final class TokenEstimator {

    static final int CHARS_PER_TOKEN = 4;
    static final int TOKENS_PER_MEDIA_PART = 258;
    /** Strings that are settings or media, not text the model reads. */
    private static final Set<String> NOT_TEXT = Set.of("role", "mimeType", "category", "threshold",
            "thoughtSignature", "mode", "responseMimeType", "cachedContent", "thinkingLevel");
    private static final Set<String> MEDIA = Set.of("data", "fileUri");

    private TokenEstimator() {
    }

    public static long estimate(byte[] geminiRequestJson) {
        if (geminiRequestJson == null || geminiRequestJson.length == 0) {
            return 0;
        }
        long chars = 0;
        long media = 0;
        try (JsonParser parser = Json.MAPPER.getFactory().createParser(geminiRequestJson)) {
            String field = null;
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.FIELD_NAME) {
                    field = parser.currentName();
                } else if (token == JsonToken.VALUE_STRING) {
                    if (field != null && MEDIA.contains(field)) {
                        media++;
                    } else if (field == null || !NOT_TEXT.contains(field)) {
                        chars += parser.getTextLength();
                    }
                }
            }
        } catch (IOException e) {
            // Our own serialised request; if it cannot be read, its size is the best guess left.
            return (geminiRequestJson.length + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
        }
        return (chars + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN + media * TOKENS_PER_MEDIA_PART;
    }
}
