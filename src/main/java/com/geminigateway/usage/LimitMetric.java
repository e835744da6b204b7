package com.geminigateway.usage;

import java.util.Locale;

/** The four quotas Google applies per project and model. Tokens are input tokens. */
public enum LimitMetric {
    RPM, TPM, RPD, TPD;

    /** The name used in model_limits.json: "rpm", "tpm", "rpd", "tpd". */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
