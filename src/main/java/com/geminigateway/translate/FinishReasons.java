package com.geminigateway.translate;

/** Gemini finishReason → OpenAI finish_reason. */
public final class FinishReasons {

    private FinishReasons() {
    }

    public static String toOpenAi(String geminiReason) {
        if (geminiReason == null) {
            return null;
        }
        return switch (geminiReason) {
            case "MAX_TOKENS" -> "length";
            case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "LANGUAGE",
                    "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION" -> "content_filter";
            default -> "stop";
        };
    }
}
