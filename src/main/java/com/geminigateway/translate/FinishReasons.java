package com.geminigateway.translate;

/** Gemini finishReason → OpenAI finish_reason (wire-formats.md D.3). */
public final class FinishReasons {

    /** Said instead of nothing: IDE agents (Roo Code, Cline) fail on an assistant message without text or calls. */
    static final String EMPTY_ANSWER = "(Gemini returned an empty answer.)";
    static final String EMPTY_ANSWER_LENGTH = "(Gemini used the whole output token budget before answering.)";
    static final String MALFORMED_CALL = "(Gemini produced a malformed function call.)";

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

    /** The finish reason of a choice; a choice that called tools finishes with tool_calls. */
    static String toOpenAi(String geminiReason, boolean madeToolCalls) {
        String mapped = toOpenAi(geminiReason);
        if (madeToolCalls && (mapped == null || mapped.equals("stop"))) {
            return "tool_calls";
        }
        return mapped;
    }

    /** Whether Gemini gave nothing usable, which is worth one more try before answering. */
    public static boolean worthRetrying(String geminiReason, boolean hasOutput) {
        return "MALFORMED_FUNCTION_CALL".equals(geminiReason)
                || (!hasOutput && !"content_filter".equals(toOpenAi(geminiReason)) && !"MAX_TOKENS".equals(geminiReason));
    }

    /** The text that stands in for an answer without text or calls, or null when a refusal explains it. */
    static String emptyAnswerText(String geminiReason) {
        if ("content_filter".equals(toOpenAi(geminiReason))) {
            return null;
        }
        if ("MAX_TOKENS".equals(geminiReason)) {
            return EMPTY_ANSWER_LENGTH;
        }
        return "MALFORMED_FUNCTION_CALL".equals(geminiReason) ? MALFORMED_CALL : EMPTY_ANSWER;
    }
}
