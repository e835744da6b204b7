package com.geminigateway.relay;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.geminigateway.translate.ThoughtSignatures;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * Thought signatures by tool-call id, for clients that drop {@code extra_content}. Bounded by size (a
 * signature can be several KB) and kept a day, as long as an agent conversation plausibly runs. Per
 * gateway instance: behind a load balancer, clients that drop the field fall back to Google's placeholder.
 */
public final class ThoughtSignatureCache implements ThoughtSignatures {

    static final long MAX_BYTES = 64L * 1024 * 1024;
    static final Duration TTL = Duration.ofHours(24);

    private final Cache<String, String> cache;

    public ThoughtSignatureCache() {
        this(MAX_BYTES, TTL, ForkJoinPool.commonPool());
    }

    /** @param maintenance where Caffeine evicts (a test passes {@code Runnable::run} to see it at once) */
    ThoughtSignatureCache(long maxBytes, Duration ttl, Executor maintenance) {
        this.cache = Caffeine.newBuilder()
                .executor(maintenance)
                .maximumWeight(maxBytes)
                .weigher((String id, String signature) -> 2 * (id.length() + signature.length()) + 64)
                .expireAfterWrite(ttl)
                .build();
    }

    @Override
    public Optional<String> find(String toolCallId) {
        return Optional.ofNullable(cache.getIfPresent(toolCallId));
    }

    @Override
    public void remember(String toolCallId, String signature) {
        cache.put(toolCallId, signature);
    }
}
