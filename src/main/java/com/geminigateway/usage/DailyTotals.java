package com.geminigateway.usage;

import java.time.LocalDate;

/** What one model served on one Pacific day, over all keys. */
public record DailyTotals(LocalDate day, long requests, long inputTokens, long outputTokens, long thinkingTokens) {

    public DailyTotals plus(UsageDelta d) {
        return new DailyTotals(day, requests + d.requests(), inputTokens + d.inputTokens(),
                outputTokens + d.outputTokens(), thinkingTokens + d.thinkingTokens());
    }
}
