package com.geminigateway.store;

import java.util.Objects;

/** Usage is counted per key (by its id, never its secret) and model. */
public record UsageKey(String keyId, String model) {

    public UsageKey {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(model, "model");
    }
}
