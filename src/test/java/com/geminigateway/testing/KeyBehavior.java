package com.geminigateway.testing;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link FakeGemini} treats requests made with one API key. It applies to every route, the
 * models list included: a key scripted {@link #INVALID} gets 400 from {@code GET /v1beta/models} too.
 * <pre>
 * fake.key("bad", KeyBehavior.INVALID)
 *     .key("busy", KeyBehavior.quotaPerMinute(Duration.ofSeconds(5)))
 *     .key("flaky", KeyBehavior.OVERLOADED, KeyBehavior.VALID);  // 503 once, then fine
 * </pre>
 */
public sealed interface KeyBehavior {

    /** Serve the request normally (the default for keys nobody scripted). */
    KeyBehavior VALID = new Valid();
    /** 400 INVALID_ARGUMENT, ErrorInfo {@code API_KEY_INVALID}. */
    KeyBehavior INVALID = new Invalid();
    /** 403 PERMISSION_DENIED, ErrorInfo {@code CONSUMER_SUSPENDED}; the message echoes the key. */
    KeyBehavior SUSPENDED = new Suspended();
    /** 429 RESOURCE_EXHAUSTED, per-minute quota, RetryInfo {@code "37s"}. */
    KeyBehavior QUOTA_PER_MINUTE = new QuotaPerMinute(Duration.ofSeconds(37));
    /** 429 RESOURCE_EXHAUSTED, per-day quota, no RetryInfo. */
    KeyBehavior QUOTA_PER_DAY = new QuotaPerDay(null);
    /** 503 UNAVAILABLE "The model is overloaded. Please try again later." */
    KeyBehavior OVERLOADED = new Fails(GeminiError.overloaded());
    /** 500 INTERNAL. */
    KeyBehavior INTERNAL = new Fails(GeminiError.internal());

    /** 429 per-minute quota whose RetryInfo says {@code retryDelay}. */
    static KeyBehavior quotaPerMinute(Duration retryDelay) {
        return new QuotaPerMinute(retryDelay);
    }

    /** 429 per-day quota that also carries a (misleadingly short) RetryInfo {@code retryDelay}. */
    static KeyBehavior quotaPerDay(Duration retryDelay) {
        return new QuotaPerDay(Objects.requireNonNull(retryDelay, "retryDelay"));
    }

    /** Always answer with {@code error}, e.g. {@code GeminiError.of(403, "PERMISSION_DENIED", "Your API key was reported as leaked…")}. */
    static KeyBehavior failsWith(GeminiError error) {
        return new Fails(error);
    }

    /**
     * {@code behavior} for requests about {@code model} only; every other request (other models, the model
     * list) is served: {@code forModel("gemini-2.5-pro", failsWith(GeminiError.quotaLimitZero("gemini-2.5-pro")))}.
     */
    static KeyBehavior forModel(String model, KeyBehavior behavior) {
        return new ForModel(Objects.requireNonNull(model, "model"), Objects.requireNonNull(behavior, "behavior"));
    }

    /**
     * The error to send instead of serving the request, or empty to serve it.
     *
     * @param apiKey the key of the request
     * @param model  the model id of the request, or null for the models list
     */
    Optional<GeminiError> errorFor(String apiKey, String model);

    /** @see #VALID */
    record Valid() implements KeyBehavior {
        @Override
        public Optional<GeminiError> errorFor(String apiKey, String model) {
            return Optional.empty();
        }
    }

    /** @see #INVALID */
    record Invalid() implements KeyBehavior {
        @Override
        public Optional<GeminiError> errorFor(String apiKey, String model) {
            return Optional.of(GeminiError.apiKeyInvalid());
        }
    }

    /** @see #SUSPENDED */
    record Suspended() implements KeyBehavior {
        @Override
        public Optional<GeminiError> errorFor(String apiKey, String model) {
            return Optional.of(GeminiError.consumerSuspended(apiKey));
        }
    }

    /** @see #quotaPerMinute(Duration) */
    record QuotaPerMinute(Duration retryDelay) implements KeyBehavior {
        public QuotaPerMinute {
            Objects.requireNonNull(retryDelay, "retryDelay");
        }

        @Override
        public Optional<GeminiError> errorFor(String apiKey, String model) {
            return Optional.of(GeminiError.quotaPerMinute(model, retryDelay));
        }
    }

    /**
     * @see #QUOTA_PER_DAY
     * @see #quotaPerDay(Duration)
     */
    record QuotaPerDay(Duration retryDelay /* null: no RetryInfo */) implements KeyBehavior {
        @Override
        public Optional<GeminiError> errorFor(String apiKey, String model) {
            return Optional.of(GeminiError.quotaPerDay(model, retryDelay));
        }
    }

    /** @see #forModel(String, KeyBehavior) */
    record ForModel(String model, KeyBehavior behavior) implements KeyBehavior {
        @Override
        public Optional<GeminiError> errorFor(String apiKey, String requestModel) {
            return model.equals(requestModel) ? behavior.errorFor(apiKey, requestModel) : Optional.empty();
        }
    }

    /** @see #failsWith(GeminiError) */
    record Fails(GeminiError error) implements KeyBehavior {
        public Fails {
            Objects.requireNonNull(error, "error");
        }

        @Override
        public Optional<GeminiError> errorFor(String apiKey, String model) {
            return Optional.of(error);
        }
    }
}
