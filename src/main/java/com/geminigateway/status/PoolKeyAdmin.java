package com.geminigateway.status;

import com.geminigateway.keys.ApiKey;
import com.geminigateway.keys.KeyPool;
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
 * {@link KeyAdmin} over this gateway's key pool. The pool's keys are fixed at start-up and their states
 * change only through upstream failures, so it can re-check a key (a real call to Gemini whose failure is
 * applied as any request's would be) and nothing else: disabling, enabling, clearing a cooldown and adding
 * keys answer UNSUPPORTED until the pool can do them.
 */
final class PoolKeyAdmin implements KeyAdmin {

    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(20);
    private static final String PROBE_PATH = "/v1beta/models?pageSize=1";
    private static final String NOT_YET = "this gateway's key pool cannot do that yet";

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
        return EnumSet.of(Action.RECHECK);
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
                        return Outcome.of(Result.DONE, k.alias() + ": Gemini accepts the key (state now "
                                + k.snapshot().state() + ")");
                    }
                    if (UpstreamFailure.unwrap(error) instanceof TimeoutException) {
                        return Outcome.of(Result.FAILED, k.alias() + ": no answer from Gemini within "
                                + PROBE_TIMEOUT.toSeconds() + " s");
                    }
                    UpstreamFailure failure = UpstreamFailure.of(error);
                    pool.onFailure(k, failure);
                    return Outcome.of(Result.FAILED, k.alias() + ": " + pool.redact(failure.getMessage())
                            + " (state now " + k.snapshot().state() + ")");
                });
    }

    @Override
    public CompletableFuture<Outcome> disable(String keyId) {
        return unsupported(keyId);
    }

    @Override
    public CompletableFuture<Outcome> enable(String keyId) {
        return unsupported(keyId);
    }

    @Override
    public CompletableFuture<Outcome> clearCooldown(String keyId, String model) {
        return unsupported(keyId);
    }

    @Override
    public CompletableFuture<Outcome> addKeys(List<String> secrets) {
        return done(Result.UNSUPPORTED, NOT_YET);
    }

    private CompletableFuture<Outcome> unsupported(String keyId) {
        return view.byId(keyId).isEmpty() ? done(Result.NOT_FOUND, "no key " + keyId) : done(Result.UNSUPPORTED, NOT_YET);
    }

    private static CompletableFuture<Outcome> done(Result result, String detail) {
        return CompletableFuture.completedFuture(Outcome.of(result, detail));
    }
}
