package com.geminigateway.usage;

import com.geminigateway.gemini.GenerateContentResponse.UsageMetadata;

/**
 * Requests and tokens. Input includes tool-use prompt tokens; output is the visible answer; thinking is
 * counted apart (OpenAI's usage folds it into completion tokens).
 */
public record UsageCounts(long requests, long inputTokens, long outputTokens, long thinkingTokens) {

    public static final UsageCounts ZERO = new UsageCounts(0, 0, 0, 0);

    /** One request with the tokens Gemini reported for it (none if {@code usage} is null). */
    public static UsageCounts ofRequest(UsageMetadata usage) {
        if (usage == null) {
            return new UsageCounts(1, 0, 0, 0);
        }
        return new UsageCounts(1, n(usage.promptTokenCount()) + n(usage.toolUsePromptTokenCount()),
                n(usage.candidatesTokenCount()), n(usage.thoughtsTokenCount()));
    }

    public long totalTokens() {
        return inputTokens + outputTokens + thinkingTokens;
    }

    public UsageCounts plus(UsageCounts other) {
        return new UsageCounts(requests + other.requests, inputTokens + other.inputTokens,
                outputTokens + other.outputTokens, thinkingTokens + other.thinkingTokens);
    }

    private static long n(Integer value) {
        return value == null ? 0 : value;
    }
}
