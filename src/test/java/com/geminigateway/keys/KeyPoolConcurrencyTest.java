package com.geminigateway.keys;

import static com.geminigateway.keys.Pools.FLASH;
import static com.geminigateway.keys.Pools.failure;
import static com.geminigateway.keys.Pools.invalid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.geminigateway.gemini.GenerateContentResponse.UsageMetadata;
import com.geminigateway.store.UsageKey;
import com.geminigateway.testing.GeminiError;
import com.geminigateway.testing.MutableClock;
import com.geminigateway.usage.UsageFigures;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hundreds of parallel requests while keys turn invalid, cool down (alone and with their project) and
 * come back, and an administrator adds, removes, disables and enables keys: no deadlock (every request
 * ends within the timeout), no lost count (the store's totals equal what the requests did), and no key
 * is handed out while a state recorded before the choice began still keeps it out.
 */
@Timeout(120)
class KeyPoolConcurrencyTest {

    private static final int ROUNDS = 5;
    private static final int REQUESTS_PER_ROUND = 400;
    private static final long ESTIMATE = 10;
    /** A per-minute 429 that names the configured limit, so the pool learns nothing stricter. */
    private static final GeminiError PER_MINUTE = GeminiError.of(429, "RESOURCE_EXHAUSTED", "quota")
            .withDetail("QuotaFailure", "violations", List.of(Map.of(
                    "quotaId", "GenerateRequestsPerMinutePerProjectPerModel", "quotaValue", "100000")))
            .withDetail("RetryInfo", "retryDelay", "3s");

    private final MutableClock clock = new MutableClock("2026-11-26T17:00:00Z"); // 09:00 Pacific
    /** What tests know was recorded: keys marked INVALID, quota subjects cooling until a moment. */
    private final Set<String> invalidKeys = ConcurrentHashMap.newKeySet();
    private final Map<String, Instant> coolingSubjects = new ConcurrentHashMap<>();
    private final AtomicInteger misuse = new AtomicInteger();
    private final AtomicInteger successes = new AtomicInteger();
    private final AtomicInteger noKey = new AtomicInteger();
    private final List<String> misuses = java.util.Collections.synchronizedList(new ArrayList<>());

    @Test
    void hundredsOfParallelRequestsWhileKeysTurnInvalidCoolDownAndComeBack() throws Exception {
        List<String> entries = new ArrayList<>(List.of("p0-a@p0", "p0-b@p0", "p1-a@p1", "p1-b@p1"));
        for (int i = 0; i < 8; i++) {
            entries.add("solo-" + i);
        }
        KeyPool pool = Pools.pool(clock, Pools.flashLimits(100_000, 1_000_000), entries.toArray(String[]::new));
        pool.add(KeySpec.parse("flapping-disabled"));
        ExecutorService threads = Executors.newFixedThreadPool(16);
        AtomicLong requestNumbers = new AtomicLong();
        try {
            for (int round = 0; round < ROUNDS; round++) {
                AtomicBoolean roundOver = new AtomicBoolean();
                Future<?> admin = threads.submit(() -> administer(pool, roundOver));
                CountDownLatch done = new CountDownLatch(REQUESTS_PER_ROUND);
                for (int i = 0; i < REQUESTS_PER_ROUND; i++) {
                    long n = requestNumbers.incrementAndGet();
                    threads.execute(() -> {
                        try {
                            request(pool, n);
                        } finally {
                            done.countDown();
                        }
                    });
                }
                assertTrue(done.await(60, TimeUnit.SECONDS), "every request ended: no deadlock");
                roundOver.set(true);
                admin.get(30, TimeUnit.SECONDS);
                // Between rounds, alone: an hour passes and the due checks bring invalid keys back.
                clock.advance(Duration.ofMinutes(61));
                for (KeyPool.Probe probe : pool.claimDueProbes()) {
                    pool.probeSucceeded(probe);
                    invalidKeys.remove(probe.key().id());
                }
                assertTrue(invalidKeys.isEmpty(), "every invalid key was checked again: " + invalidKeys);
                coolingSubjects.clear();
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(0, misuse.get(), "keys handed out while out of the rotation, e.g. " + misuses);
        assertTrue(successes.get() > ROUNDS * REQUESTS_PER_ROUND / 2, "most requests were served: " + successes + ", no key: " + noKey);

        Instant now = clock.instant();
        long requests = 0;
        long input = 0;
        long output = 0;
        for (Map.Entry<UsageKey, UsageFigures> e : pool.store().usage(now).entrySet()) {
            requests += e.getValue().requestsToday();
            input += e.getValue().inputTokensToday();
            output += e.getValue().outputTokensToday();
        }
        assertEquals(successes.get(), requests, "every served request counted once, failed attempts taken back");
        assertEquals(successes.get() * ESTIMATE, input);
        assertEquals(successes.get() * 2L, output);
        assertEquals(successes.get(), pool.store().history().get(FLASH).get(0).requests(), "the model's day agrees");
        for (ApiKey key : pool.keys()) {
            assertEquals(0, key.inFlight(now), "every lease ended: " + key);
        }
    }

    private void request(KeyPool pool, long n) {
        Failover failover = new Failover(pool, FLASH, 3, ESTIMATE);
        while (true) {
            Set<String> invalidBefore = Set.copyOf(invalidKeys);
            Map<String, Instant> coolingBefore = Map.copyOf(coolingSubjects);
            Optional<ApiKey> chosen = failover.next();
            Instant after = clock.instant();
            if (chosen.isEmpty()) {
                noKey.incrementAndGet();
                return;
            }
            ApiKey key = chosen.get();
            Instant coolUntil = coolingBefore.get(key.quotaSubject());
            if (invalidBefore.contains(key.id()) || (coolUntil != null && coolUntil.isAfter(after))) {
                if (misuse.incrementAndGet() <= 10) {
                    misuses.add(key + " handed out while " + (invalidBefore.contains(key.id()) ? "INVALID" : "COOLING until " + coolUntil));
                }
            }
            if (n % 5 == 0) {
                clock.advance(Duration.ofSeconds(1)); // cooldowns run out while requests go on
            }
            boolean flapping = key.secret().startsWith("flapping");
            if (n % 89 == 0 && !flapping) {
                failover.failed(key, invalid());
                invalidKeys.add(key.id());
            } else if (n % 37 == 0) {
                failover.failed(key, failure(PER_MINUTE));
                coolingSubjects.merge(key.quotaSubject(), after.plusSeconds(3), (a, b) -> a.isAfter(b) ? a : b);
            } else if (n % 7 == 0) {
                failover.failed(key, failure(GeminiError.overloaded()));
            } else {
                failover.completed(new UsageMetadata((int) ESTIMATE, 2, 0, null, null, (int) ESTIMATE + 2));
                successes.incrementAndGet();
                return;
            }
            n = n * 31 + 1; // a retry meets another fate
        }
    }

    /** Meanwhile an administrator keeps changing the pool. */
    private static void administer(KeyPool pool, AtomicBoolean stop) {
        String flapping = ApiKey.idOf("flapping-disabled");
        pool.byId(ApiKey.idOf("flapping-added")).ifPresent(k -> pool.remove(k.id())); // left by the last round
        int i = 0;
        while (!stop.get()) {
            switch (i++ % 4) {
                case 0 -> pool.disable(flapping);
                case 1 -> pool.enable(flapping);
                case 2 -> pool.add(KeySpec.parse("flapping-added"));
                default -> pool.remove(ApiKey.idOf("flapping-added"));
            }
            pool.views();
            pool.report();
            pool.sweep();
            Thread.onSpinWait();
        }
    }
}
