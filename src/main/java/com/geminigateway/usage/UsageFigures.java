package com.geminigateway.usage;

import java.time.Instant;

/**
 * Usage as Google's quotas see it, at one moment: the last 60 seconds (sliding) and the current Pacific day.
 *
 * @param requestsLastMinute    requests in the last 60 seconds (RPM)
 * @param inputTokensLastMinute input tokens in the last 60 seconds (TPM)
 * @param requestsToday         requests since 00:00 Pacific (RPD)
 * @param inputTokensToday      input tokens since 00:00 Pacific (TPD)
 * @param minuteWindowEases     when the oldest request still in the minute window leaves it; null when empty
 */
public record UsageFigures(long requestsLastMinute, long inputTokensLastMinute, long requestsToday,
                           long inputTokensToday, long outputTokensToday, long thinkingTokensToday,
                           Instant minuteWindowEases) {

    public static final UsageFigures NONE = new UsageFigures(0, 0, 0, 0, 0, 0, null);

    /** The sum of two figures, e.g. two keys of one project that share its quota. */
    public UsageFigures plus(UsageFigures o) {
        Instant eases = minuteWindowEases == null ? o.minuteWindowEases
                : o.minuteWindowEases == null || minuteWindowEases.isBefore(o.minuteWindowEases)
                ? minuteWindowEases : o.minuteWindowEases;
        return new UsageFigures(requestsLastMinute + o.requestsLastMinute, inputTokensLastMinute + o.inputTokensLastMinute,
                requestsToday + o.requestsToday, inputTokensToday + o.inputTokensToday,
                outputTokensToday + o.outputTokensToday, thinkingTokensToday + o.thinkingTokensToday, eases);
    }

    /** True when nothing is counted (not named isEmpty, which would become a JSON property). */
    public boolean nothingUsed() {
        return requestsLastMinute == 0 && inputTokensLastMinute == 0 && requestsToday == 0 && inputTokensToday == 0
                && outputTokensToday == 0 && thinkingTokensToday == 0;
    }
}
