package com.geminigateway.usage;

/**
 * The quotas of one model for one project: null means "no limit known" (then nothing is checked locally).
 *
 * @param rpm requests per minute
 * @param tpm input tokens per minute
 * @param rpd requests per Pacific day
 * @param tpd input tokens per Pacific day
 */
public record ModelLimit(Long rpm, Long tpm, Long rpd, Long tpd) {

    public static final ModelLimit NONE = new ModelLimit(null, null, null, null);

    public Long get(LimitMetric metric) {
        return switch (metric) {
            case RPM -> rpm;
            case TPM -> tpm;
            case RPD -> rpd;
            case TPD -> tpd;
        };
    }

    public ModelLimit with(LimitMetric metric, Long value) {
        return switch (metric) {
            case RPM -> new ModelLimit(value, tpm, rpd, tpd);
            case TPM -> new ModelLimit(rpm, value, rpd, tpd);
            case RPD -> new ModelLimit(rpm, tpm, value, tpd);
            case TPD -> new ModelLimit(rpm, tpm, rpd, value);
        };
    }

    /** The used amount of a metric in {@code usage}. */
    public static long used(LimitMetric metric, UsageFigures usage) {
        return switch (metric) {
            case RPM -> usage.requestsLastMinute();
            case TPM -> usage.inputTokensLastMinute();
            case RPD -> usage.requestsToday();
            case TPD -> usage.inputTokensToday();
        };
    }

    /** Remaining share of a metric, 0..1; 1 when no limit is known. */
    public double remainingFraction(LimitMetric metric, UsageFigures usage) {
        Long limit = get(metric);
        if (limit == null) {
            return 1.0;
        }
        if (limit <= 0) {
            return 0.0;
        }
        return Math.max(0.0, (double) (limit - used(metric, usage)) / limit);
    }
}
