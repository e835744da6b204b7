package com.geminigateway.keys;

import com.geminigateway.upstream.UpstreamFailure;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The failover state of one request: which keys it tried and what went wrong last. It belongs to the
 * request, never to a shared object; attempts run one after another, so it needs no locking.
 */
public final class Failover {

    private final KeyPool pool;
    private final int maxAttempts;
    private final Set<ApiKey> tried = new HashSet<>();
    private UpstreamFailure lastFailure;
    private Verdict lastVerdict;

    public Failover(KeyPool pool, int maxAttempts) {
        this.pool = pool;
        this.maxAttempts = maxAttempts;
    }

    /** The next key to try, or empty when the budget is spent or no untried key can serve. */
    public Optional<ApiKey> next() {
        if (tried.size() >= maxAttempts) {
            return Optional.empty();
        }
        Optional<ApiKey> key = pool.next(tried);
        key.ifPresent(tried::add);
        return key;
    }

    /** Records a failure on {@code key}; true when trying another key may still help. */
    public boolean failed(ApiKey key, UpstreamFailure failure) {
        lastFailure = failure;
        lastVerdict = pool.onFailure(key, failure);
        return lastVerdict.retryable() && tried.size() < maxAttempts;
    }

    /** Google's overload is not helped by hammering: back off a little before the next key. */
    public Duration backoff() {
        if (lastVerdict == null || lastVerdict.kind() != Verdict.Kind.TRANSIENT) {
            return Duration.ZERO;
        }
        return Duration.ofMillis(Math.min(2000, 100L << Math.min(4, tried.size())));
    }

    /** The failure the request last saw, empty when no key could even be tried. */
    public Optional<UpstreamFailure> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    public Verdict lastVerdict() {
        return lastVerdict;
    }

    public KeyPool pool() {
        return pool;
    }
}
