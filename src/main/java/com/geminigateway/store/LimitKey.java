package com.geminigateway.store;

import com.geminigateway.usage.LimitMetric;
import java.util.Objects;

/** A limit learned from Google's 429 answers: for one quota subject (project), model and metric. */
public record LimitKey(String subject, String model, LimitMetric metric) {

    public LimitKey {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(metric, "metric");
    }
}
