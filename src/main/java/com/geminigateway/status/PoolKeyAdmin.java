package com.geminigateway.status;

import com.geminigateway.keys.ApiKey;
import com.geminigateway.keys.KeyPool;
import com.geminigateway.keys.KeySpec;
import com.geminigateway.status.KeyAdmin.Outcome.Result;
import com.geminigateway.upstream.GeminiClient;
import com.geminigateway.upstream.UpstreamFailure;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hc.core5.http.Method;

/**
 * {@link KeyAdmin} over this gateway's key pool: re-check a key (a real call to Gemini whose answer is
 * applied as any request's would be), disable and enable it, clear its cooldowns, add keys.
 */
final class PoolKeyAdmin implements KeyAdmin {

    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(20);
    private static final String PROBE_PATH = "/v1beta/models?pageSize=1";

    private final KeyPool pool;
    private final PoolView view;
    private final GeminiClient client;

    PoolKeyAdmin(KeyPool pool, PoolView view, GeminiClient client) {
        this.pool = pool;
        this.view = view;
        this.client = client;
    }

    @Override
    public Set<Action> supported() {
        return EnumSet.allOf(Action.class);
    }

    @Override
    public CompletableFuture<Outcome> recheck(String keyId) {
        Optional<ApiKey> key = view.byId(keyId);
        if (key.isEmpty()) {
            return done(Result.NOT_FOUND, "no key " + keyId);
        }
        ApiKey k = key.get();
        return client.call(Method.GET, PROBE_PATH, null, k.secret())
                .orTimeout(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .handle((bytes, error) -> {
                    if (error == null) {
                        pool.keyAnswered(k);
                        return Outcome.of(Result.DONE, k.alias() + ": Gemini accepts the key (state now "
                                + stateOf(k) + ")");
                    }
                    if (UpstreamFailure.unwrap(error) instanceof TimeoutException) {
                        return Outcome.of(Result.FAILED, k.alias() + ": no answer from Gemini within "
                                + PROBE_TIMEOUT.toSeconds() + " s");
                    }
                    UpstreamFailure failure = UpstreamFailure.of(error);
                    pool.onFailure(k, null, failure);
                    return Outcome.of(Result.FAILED, k.alias() + ": " + pool.redact(failure.getMessage())
                            + " (state now " + stateOf(k) + ")");
                });
    }

    @Override
    public CompletableFuture<Outcome> disable(String keyId) {
        return view.byId(keyId)
                .map(k -> done(Result.DONE, pool.disable(k.id()).alias() + " disabled"))
                .orElseGet(() -> done(Result.NOT_FOUND, "no key " + keyId));
    }

    @Override
    public CompletableFuture<Outcome> enable(String keyId) {
        return view.byId(keyId)
                .map(k -> done(Result.DONE, pool.enable(k.id()).alias() + " enabled (state now " + stateOf(k) + ")"))
                .orElseGet(() -> done(Result.NOT_FOUND, "no key " + keyId));
    }

    @Override
    public CompletableFuture<Outcome> clearCooldown(String keyId, String model) {
        String blank = model == null || model.isBlank() ? null : model;
        return view.byId(keyId)
                .map(k -> done(Result.DONE, k.alias() + ": " + pool.clearCooldown(k.id(), blank) + " cooldowns cleared"
                        + (blank == null ? "" : " for " + blank) + " (state now " + stateOf(k) + ")"))
                .orElseGet(() -> done(Result.NOT_FOUND, "no key " + keyId));
    }

    @Override
    public CompletableFuture<Outcome> addKeys(List<String> secrets) {
        List<String> added = new java.util.ArrayList<>();
        List<String> refused = new java.util.ArrayList<>();
        for (String secret : secrets) {
            try {
                added.add(pool.add(KeySpec.parse(secret)).alias());
            } catch (IllegalArgumentException | IllegalStateException e) {
                refused.add(com.geminigateway.config.Masking.mask(secret) + " (" + pool.redact(e.getMessage()) + ")");
            }
        }
        String detail = "added " + added + (refused.isEmpty() ? "" : "; not added " + refused);
        return done(added.isEmpty() ? Result.FAILED : Result.DONE, detail);
    }

    private String stateOf(ApiKey key) {
        return pool.status(key, null, pool.now()).state().name();
    }


    private static CompletableFuture<Outcome> done(Result result, String detail) {
        return CompletableFuture.completedFuture(Outcome.of(result, detail));
    }
}
