package com.geminigateway.usage;

import com.geminigateway.usage.UsageReport.Advice;
import java.util.Locale;

/**
 * The original gateway's rule for sizing the pool, applied to any model: compare the expected daily use
 * (today's projection, or the 7-day average if higher) with what the serving projects allow. Above 85 %
 * of the requests (or input tokens) per day, suggest enough projects to run at 70 %; below 30 % of both,
 * suggest fewer, enough to run at 50 %.
 */
public final class KeyCountAdvice {

    static final double HIGH = 0.85;
    static final double HIGH_TARGET = 0.70;
    static final double LOW = 0.30;
    static final double LOW_TARGET = 0.50;

    private KeyCountAdvice() {
    }

    /**
     * @param projectsServing  projects that can serve the model now
     * @param capacity         their combined limits (null metrics unknown)
     * @param projectedRequests today's projection, or null
     * @param sevenDayAverage  requests per day over the last week, or null
     * @param projectedTokens  today's projected input tokens, or null
     */
    public static Advice advise(String model, int projectsServing, ModelLimit capacity, Long projectedRequests,
                                Double sevenDayAverage, Long projectedTokens) {
        if (projectsServing == 0) {
            return new Advice(Advice.Kind.NO_KEY, null, "no key can serve " + model + " now");
        }
        Long rpd = capacity.rpd();
        if (rpd == null || rpd <= 0) {
            return new Advice(Advice.Kind.UNKNOWN, null,
                    "no daily request limit known for " + model + " (add it to model_limits.json to get advice)");
        }
        double requests = Math.max(projectedRequests == null ? 0 : projectedRequests, sevenDayAverage == null ? 0 : sevenDayAverage);
        double tokens = projectedTokens == null ? 0 : projectedTokens;
        Long tpd = capacity.tpd();
        double requestShare = requests / rpd;
        double tokenShare = tpd == null || tpd <= 0 ? 0 : tokens / tpd;
        double perProjectRpd = (double) rpd / projectsServing;
        double perProjectTpd = tpd == null ? 0 : (double) tpd / projectsServing;
        if (requestShare > HIGH) {
            int needed = Math.max((int) Math.ceil(requests / (perProjectRpd * HIGH_TARGET)), projectsServing + 1);
            return new Advice(Advice.Kind.ADD, needed, String.format(Locale.ROOT,
                    "expected %,.0f requests a day is %.0f%% of the %,d the %d serving project(s) allow: add keys of new projects, to about %d",
                    requests, requestShare * 100, rpd, projectsServing, needed));
        }
        if (tokenShare > HIGH) {
            int needed = Math.max((int) Math.ceil(tokens / (perProjectTpd * HIGH_TARGET)), projectsServing + 1);
            return new Advice(Advice.Kind.ADD, needed, String.format(Locale.ROOT,
                    "expected %,.0f input tokens a day is %.0f%% of the %,d the %d serving project(s) allow: add keys of new projects, to about %d",
                    tokens, tokenShare * 100, tpd, projectsServing, needed));
        }
        if (requestShare < LOW && tokenShare < LOW && projectsServing > 1) {
            int ideal = requestShare >= tokenShare || perProjectTpd <= 0
                    ? (int) (requests / (perProjectRpd * LOW_TARGET)) + 1
                    : (int) (tokens / (perProjectTpd * LOW_TARGET)) + 1;
            ideal = Math.max(1, ideal);
            if (ideal < projectsServing) {
                return new Advice(Advice.Kind.REDUCE, ideal, String.format(Locale.ROOT,
                        "expected use is low (%.0f%% of daily requests, %.0f%% of daily tokens): about %d project(s) would do",
                        requestShare * 100, tokenShare * 100, ideal));
            }
        }
        return new Advice(Advice.Kind.KEEP, projectsServing, String.format(Locale.ROOT,
                "keep %d project(s): expected use is %.0f%% of daily requests", projectsServing, requestShare * 100));
    }
}
