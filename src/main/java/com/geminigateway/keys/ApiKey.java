package com.geminigateway.keys;

import com.geminigateway.config.Masking;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One Gemini key of the pool. Its states and counters live in the pool's store under {@link #id()}, so a
 * key that is removed and added again, or survives a restart, keeps them; this object holds only what
 * describes the key and the live figures of this process (last use, requests in flight, failures in a row).
 */
public final class ApiKey {

    /** Where the key came from. */
    public enum Origin {
        /** The configured key source (GEMINI_API_KEYS). */
        CONFIGURED,
        /** Added at run time by an administrator; kept in the store. */
        ADDED
    }

    /** A request that has not released its lease after this long is assumed lost (it no longer counts as in flight). */
    static final Duration LEASE_MAX_AGE = Duration.ofHours(1);

    private final KeySpec spec;
    private final String id;
    private final String keySubject;
    private final String alias;
    private final String tier;
    private final Origin origin;
    private volatile String learnedProject;
    private final AtomicLong lastUsedMillis = new AtomicLong(Long.MIN_VALUE);
    private final AtomicInteger failuresInARow = new AtomicInteger();
    private volatile String lastError;
    private volatile Instant lastErrorAt;
    private final Set<Lease> leases = ConcurrentHashMap.newKeySet();

    ApiKey(KeySpec spec, String defaultTier, Origin origin) {
        this.spec = spec;
        this.id = idOf(spec.secret());
        this.keySubject = "key:" + id;
        this.alias = Masking.mask(spec.secret());
        this.tier = spec.tier() != null ? spec.tier() : defaultTier;
        this.origin = origin;
    }

    /** A stable, non-secret id: the start of the key's SHA-256. Used in the store, the admin API and snapshots. */
    public static String idOf(String secret) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    public String id() {
        return id;
    }

    /** The key itself: only for the upstream request header. */
    public String secret() {
        return spec.secret();
    }

    /** The masked form, safe for logs and pages. */
    public String alias() {
        return alias;
    }

    public KeySpec spec() {
        return spec;
    }

    public String tier() {
        return tier;
    }

    public Origin origin() {
        return origin;
    }

    /** The configured project label, else the project learned from Google, else null. */
    public String project() {
        return spec.project() != null ? spec.project() : learnedProject;
    }

    /** Whether {@link #project()} was configured rather than learned. */
    public boolean projectConfigured() {
        return spec.project() != null;
    }

    void learnProject(String project) {
        this.learnedProject = project;
    }

    /** The subject of the key's own states. */
    String keySubject() {
        return keySubject;
    }

    /** The subject of its quota: the project when known (quotas are per project), else the key alone. */
    String quotaSubject() {
        String project = project();
        return project != null ? "project:" + project : keySubject();
    }

    public Instant lastUsed() {
        long millis = lastUsedMillis.get();
        return millis == Long.MIN_VALUE ? null : Instant.ofEpochMilli(millis);
    }

    long lastUsedMillis() {
        return lastUsedMillis.get();
    }

    void markUsed(Instant now) {
        lastUsedMillis.accumulateAndGet(now.toEpochMilli(), Math::max);
    }

    Lease lease(String model, Instant now, long estimatedInputTokens) {
        Lease lease = new Lease(this, model, now, estimatedInputTokens);
        leases.add(lease);
        return lease;
    }

    /** @return whether the lease was still held */
    boolean release(Lease lease) {
        return leases.remove(lease);
    }

    /** Requests currently in flight with this key. */
    public int inFlight(Instant now) {
        Instant oldest = now.minus(LEASE_MAX_AGE);
        leases.removeIf(l -> l.at().isBefore(oldest));
        return leases.size();
    }

    void failed(Instant now, String error) {
        failuresInARow.incrementAndGet();
        lastError = error;
        lastErrorAt = now;
    }

    void succeeded() {
        failuresInARow.set(0);
    }

    /** Failures since the last success (any kind, also those not blamed on the key). */
    public int failuresInARow() {
        return failuresInARow.get();
    }

    /** The last upstream error seen with this key (masked), or null. */
    public String lastError() {
        return lastError;
    }

    public Instant lastErrorAt() {
        return lastErrorAt;
    }

    @Override
    public String toString() {
        return alias;
    }
}
