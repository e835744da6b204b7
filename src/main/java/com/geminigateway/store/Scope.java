package com.geminigateway.store;

import java.util.Objects;

/**
 * What a state applies to: a subject (one key, or one Google Cloud project with all its keys) as a whole
 * ({@code model == null}) or for one model only. The store does not interpret subjects.
 */
public record Scope(String subject, String model) {

    public Scope {
        Objects.requireNonNull(subject, "subject");
    }

    public static Scope whole(String subject) {
        return new Scope(subject, null);
    }

    public boolean isWhole() {
        return model == null;
    }
}
