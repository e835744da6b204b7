package com.geminigateway.keys;

import com.geminigateway.config.ConfigLoader;
import com.geminigateway.config.GatewayConfig;
import com.geminigateway.store.MemoryPoolStore;
import com.geminigateway.store.PoolStore;
import com.geminigateway.testing.GeminiError;
import com.geminigateway.upstream.UpstreamFailure;
import com.geminigateway.usage.ModelLimits;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Builders for pool tests: pools on a memory store, limits from JSON text, failures from the fake's errors. */
final class Pools {

    static final String FLASH = "gemini-2.5-flash";
    static final String PRO = "gemini-2.5-pro";

    private Pools() {
    }

    static GatewayConfig.Pool settings() {
        return ConfigLoader.defaults().pool();
    }

    static GatewayConfig.Pool settings(int maxConcurrentPerKey) {
        GatewayConfig.Pool d = settings();
        return new GatewayConfig.Pool(d.modelLimitsFile(), d.defaultTier(), d.weights(), maxConcurrentPerKey,
                d.checkKeysAtStartup(), d.keyReprobe(), d.modelReprobe(), d.snapshotInterval());
    }

    static ModelLimits limits(String json) {
        try {
            return ModelLimits.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Flash on the free tier: {@code rpm} requests a minute, {@code rpd} a day, 1,000 input tokens a minute. */
    static ModelLimits flashLimits(int rpm, int rpd) {
        return limits("{\"models\":{\"" + FLASH + "\":{\"free\":{\"rpm\":" + rpm + ",\"tpm\":1000,\"rpd\":" + rpd + "}}}}");
    }

    static KeyPool pool(Clock clock, String... entries) {
        return pool(clock, ModelLimits.empty(), new MemoryPoolStore(), settings(), entries);
    }

    static KeyPool pool(Clock clock, ModelLimits limits, String... entries) {
        return pool(clock, limits, new MemoryPoolStore(), settings(), entries);
    }

    static KeyPool pool(Clock clock, ModelLimits limits, PoolStore store, GatewayConfig.Pool settings, String... entries) {
        return new KeyPool(List.of(entries), store, limits, settings, clock);
    }

    static UpstreamFailure failure(GeminiError error) {
        return UpstreamFailure.fromResponse(error.code(), error.toJson().toString().getBytes(StandardCharsets.UTF_8));
    }

    static UpstreamFailure invalid() {
        return failure(GeminiError.apiKeyInvalid());
    }

    static UpstreamFailure perMinute(Duration delay) {
        return failure(GeminiError.quotaPerMinute(FLASH, delay));
    }

    static UpstreamFailure perDay() {
        return failure(GeminiError.quotaPerDay(FLASH, null));
    }

    static ApiKey key(KeyPool pool, String secret) {
        return pool.byId(ApiKey.idOf(secret)).orElseThrow();
    }
}
