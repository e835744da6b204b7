package com.geminigateway.keys;

import com.geminigateway.gemini.GenerateContentResponse.UsageMetadata;
import com.geminigateway.upstream.UpstreamFailure;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The failover state of one request for one model: which keys and projects it tried, the lease of the
 * current attempt, and what went wrong last. It belongs to the request, never to a shared object.
 *
 * <p>Each attempt takes a key with {@link #next()} and ends with exactly one of {@link #failed} (the
 * booked request is taken back) or {@link #completed} (the real usage replaces the estimate; also for a
 * stream the client abandoned, which still counts). Further calls are harmless no-ops.
 */
public final class Failover {

    private final KeyPool pool;
    private final String model;
    private final int maxAttempts;
    private final long estimatedInputTokens;
    private final Set<String> triedKeys = new HashSet<>();
    private final Set<String> triedSubjects = new HashSet<>();
    private Lease lease;
    private UpstreamFailure lastFailure;
    private Verdict lastVerdict;

    /**
     * @param model                the model every attempt uses; null for calls about no model (see {@link #anyModel})
     * @param estimatedInputTokens the request's input tokens as estimated before sending, for the pool's pre-check
     */
    public Failover(KeyPool pool, String model, int maxAttempts, long estimatedInputTokens) {
        this.pool = pool;
        this.model = model;
        this.maxAttempts = maxAttempts;
        this.estimatedInputTokens = Math.max(0, estimatedInputTokens);
    }

    /** For calls that use no model's quota (the model list): only whole-key states count, nothing is booked. */
    public static Failover anyModel(KeyPool pool, int maxAttempts) {
        return new Failover(pool, null, maxAttempts, 0);
    }

    /** The next key to try, or empty when the budget is spent or no untried key can serve. */
    public synchronized Optional<ApiKey> next() {
        endAttempt();
        if (triedKeys.size() >= maxAttempts) {
            return Optional.empty();
        }
        KeyPool.Choice choice = pool.choose(model, estimatedInputTokens, triedKeys, triedSubjects);
        if (choice.lease() == null) {
            return Optional.empty(); // why, and until when: availability(), in the error the client gets and its log line
        }
        lease = choice.lease();
        ApiKey key = lease.key();
        triedKeys.add(key.id());
        triedSubjects.add(key.quotaSubject());
        return Optional.of(key);
    }

    /** Records a failure on {@code key}; true when trying another key may still help. */
    public synchronized boolean failed(ApiKey key, UpstreamFailure failure) {
        if (lease != null && lease.key() == key) {
            endAttempt();
        }
        lastFailure = failure;
        lastVerdict = pool.onFailure(key, model, failure);
        return lastVerdict.retryable() && triedKeys.size() < maxAttempts;
    }

    /**
     * The attempt got its answer (or the client left while it streamed): books the real usage, from the
     * last usageMetadata seen (null: the estimate stays, the request counts).
     */
    public synchronized void completed(UsageMetadata usage) {
        if (lease != null) {
            pool.completed(lease, usage);
            lease = null;
        }
    }

    private void endAttempt() {
        if (lease != null) {
            pool.released(lease);
            lease = null;
        }
    }

    /** Google's overload is not helped by hammering: back off (with jitter) before the next key. */
    public synchronized Duration backoff() {
        if (lastVerdict == null || (lastVerdict.kind() != Verdict.Kind.TRANSIENT && lastVerdict.kind() != Verdict.Kind.THROTTLED)) {
            return Duration.ZERO;
        }
        long base = Math.min(2000, 100L << Math.min(4, triedKeys.size()));
        return Duration.ofMillis(base + ThreadLocalRandom.current().nextLong(base / 2 + 1));
    }

    /** The failure the request last saw, empty when no key could even be tried. */
    public synchronized Optional<UpstreamFailure> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    public synchronized Verdict lastVerdict() {
        return lastVerdict;
    }

    /** Whether any key could serve this request's model, and if not why and until when. */
    public Availability availability() {
        return pool.availability(model, estimatedInputTokens);
    }

    public KeyPool pool() {
        return pool;
    }

    /** The model, or null for calls about no model. */
    public String model() {
        return model;
    }
}
