package com.geminigateway.keys;

import com.geminigateway.config.GatewayConfig.ScoreWeights;
import com.geminigateway.usage.LimitMetric;
import com.geminigateway.usage.ModelLimit;
import com.geminigateway.usage.PacificDay;
import com.geminigateway.usage.UsageFigures;
import java.time.Instant;

/**
 * The local arithmetic of a key's quota for one model: whether one more request (with its estimated
 * input tokens) fits the project's remaining quota, and the health score that ranks the keys that fit.
 * Pure functions.
 */
final class QuotaCheck {

    /** Why a request does not fit, and when it will. */
    record Refusal(LimitMetric metric, Instant readyAt) {
        String describe() {
            return switch (metric) {
                case RPM -> "at the requests-per-minute limit";
                case TPM -> "at the input-tokens-per-minute limit";
                case RPD -> "at the requests-per-day limit";
                case TPD -> "at the input-tokens-per-day limit";
            };
        }
    }

    private QuotaCheck() {
    }

    /**
     * Null when the request fits. A token estimate larger than a whole minute's (or day's) quota is let
     * through when nothing is used yet, since the estimate may be wrong and waiting would not help.
     */
    static Refusal refusal(ModelLimit limit, UsageFigures used, long estimatedTokens, Instant now) {
        Instant minuteEases = used.minuteWindowEases() != null ? used.minuteWindowEases() : now.plusSeconds(60);
        if (exceeds(limit.rpd(), used.requestsToday(), 1)) {
            return new Refusal(LimitMetric.RPD, PacificDay.nextMidnight(now));
        }
        if (exceeds(limit.rpm(), used.requestsLastMinute(), 1)) {
            return new Refusal(LimitMetric.RPM, minuteEases);
        }
        if (used.inputTokensToday() > 0 && exceeds(limit.tpd(), used.inputTokensToday(), estimatedTokens)) {
            return new Refusal(LimitMetric.TPD, PacificDay.nextMidnight(now));
        }
        if (used.inputTokensLastMinute() > 0 && exceeds(limit.tpm(), used.inputTokensLastMinute(), estimatedTokens)) {
            return new Refusal(LimitMetric.TPM, minuteEases);
        }
        return null;
    }

    private static boolean exceeds(Long limit, long used, long wanted) {
        return limit != null && used + wanted > limit;
    }

    /** The weighted remaining shares: 1.0 for a fresh key (or unknown limits), 0.0 for one with nothing left. */
    static double score(ModelLimit limit, UsageFigures used, ScoreWeights weights) {
        double total = weights.rpd() + weights.tpd() + weights.rpm() + weights.tpm();
        double score = weights.rpd() * limit.remainingFraction(LimitMetric.RPD, used)
                + weights.tpd() * limit.remainingFraction(LimitMetric.TPD, used)
                + weights.rpm() * limit.remainingFraction(LimitMetric.RPM, used)
                + weights.tpm() * limit.remainingFraction(LimitMetric.TPM, used);
        return total > 0 ? score / total : 1.0;
    }
}
