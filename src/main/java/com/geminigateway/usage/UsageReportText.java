package com.geminigateway.usage;

import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/** The periodic usage report as log text, one block per model. */
public final class UsageReportText {

    private UsageReportText() {
    }

    public static String format(UsageReport r) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Usage report for %s (Pacific day %.0f%% over): %d keys %s",
                r.pacificDay(), r.dayElapsed() * 100, r.keys(), states(r.keysByState())));
        if (r.models().isEmpty()) {
            out.append("\n  no model used yet");
        }
        for (UsageReport.ModelUsage m : r.models()) {
            ModelLimit c = m.capacity();
            out.append(String.format(Locale.ROOT, "\n  %s: keys %s; %d project(s) serving", m.model(),
                    states(m.keysByState()), m.projectsServing()));
            out.append(String.format(Locale.ROOT, "\n    today: %,d requests of %s, %,d input tokens of %s, %,d output, %,d thinking",
                    m.today().requests(), limit(c.rpd()), m.today().inputTokens(), limit(c.tpd()),
                    m.today().outputTokens(), m.today().thinkingTokens()));
            out.append(String.format(Locale.ROOT, "\n    last minute: %,d requests of %s, %,d input tokens of %s",
                    m.requestsLastMinute(), limit(c.rpm()), m.inputTokensLastMinute(), limit(c.tpm())));
            out.append(String.format(Locale.ROOT, "\n    projected today: %s requests, %s input tokens; 7-day average: %s requests/day%s",
                    count(m.projectedRequests()), count(m.projectedInputTokens()),
                    m.sevenDayAverage() == null ? "n/a" : String.format(Locale.ROOT, "%,.0f", m.sevenDayAverage()),
                    m.historyDays() > 0 && m.historyDays() < 7 ? " (" + m.historyDays() + " day(s) of history)" : ""));
            out.append("\n    advice: ").append(m.advice().text());
        }
        return out.toString();
    }

    private static String states(Map<String, Integer> byState) {
        StringJoiner j = new StringJoiner(", ", "(", ")");
        byState.forEach((state, n) -> j.add(n + " " + state));
        return j.toString();
    }

    private static String limit(Long value) {
        return value == null ? "unknown" : String.format(Locale.ROOT, "%,d", value);
    }

    private static String count(Long value) {
        return value == null ? "n/a" : String.format(Locale.ROOT, "%,d", value);
    }
}
