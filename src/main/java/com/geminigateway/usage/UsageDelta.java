package com.geminigateway.usage;

/**
 * A change to the usage of one (key, model): requests and tokens to add (negative to take back a
 * reservation). Input tokens are what Google's TPM/TPD quotas count; output and thinking are for reports.
 */
public record UsageDelta(long requests, long inputTokens, long outputTokens, long thinkingTokens) {

    /** One request sent, with its estimated input tokens. */
    public static UsageDelta request(long estimatedInputTokens) {
        return new UsageDelta(1, estimatedInputTokens, 0, 0);
    }

    public UsageDelta negate() {
        return new UsageDelta(-requests, -inputTokens, -outputTokens, -thinkingTokens);
    }

    public boolean isZero() {
        return requests == 0 && inputTokens == 0 && outputTokens == 0 && thinkingTokens == 0;
    }
}
