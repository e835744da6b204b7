package com.geminigateway.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.geminigateway.upstream.UpstreamFailure;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class KeyPoolTest {

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-11-26T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private static UpstreamFailure invalid() {
        return UpstreamFailure.fromResponse(400, ("{\"error\":{\"code\":400,\"message\":\"API key not valid.\","
                + "\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":\"API_KEY_INVALID\"}]}}")
                .getBytes(StandardCharsets.UTF_8));
    }

    private static UpstreamFailure quota(String delay) {
        return UpstreamFailure.fromResponse(429, ("{\"error\":{\"code\":429,\"message\":\"quota\",\"details\":["
                + "{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"" + delay + "\"}]}}")
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void handsOutKeysInTurn() {
        KeyPool pool = new KeyPool(List.of("k1", "k2", "k3"), Clock.systemUTC());
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            seen.add(pool.next(Set.of()).orElseThrow().secret());
        }
        assertEquals(List.of("k1", "k2", "k3", "k1", "k2", "k3"), seen);
    }

    @Test
    void duplicateKeysCountOnce() {
        assertEquals(2, new KeyPool(List.of("k1", "k2", "k1"), Clock.systemUTC()).size());
    }

    @Test
    void invalidKeyLeavesTheRotationForGood() {
        MutableClock clock = new MutableClock();
        KeyPool pool = new KeyPool(List.of("k1", "k2"), clock);
        ApiKey k1 = pool.next(Set.of()).orElseThrow();
        pool.onFailure(k1, invalid());
        clock.advance(Duration.ofDays(2));
        for (int i = 0; i < 4; i++) {
            assertEquals("k2", pool.next(Set.of()).orElseThrow().secret());
        }
        // A late quota answer for the dead key must not bring it back as "cooling".
        pool.onFailure(k1, quota("1s"));
        clock.advance(Duration.ofSeconds(2));
        assertEquals(KeyState.INVALID, k1.snapshot().state());
    }

    @Test
    void coolingKeyComesBackAfterItsDelay() {
        MutableClock clock = new MutableClock();
        KeyPool pool = new KeyPool(List.of("k1"), clock);
        ApiKey k1 = pool.next(Set.of()).orElseThrow();
        pool.onFailure(k1, quota("30s"));
        assertTrue(pool.next(Set.of()).isEmpty());
        assertEquals(clock.instant().plusSeconds(30), pool.earliestRecovery().orElseThrow());
        clock.advance(Duration.ofSeconds(30));
        assertEquals("k1", pool.next(Set.of()).orElseThrow().secret());
        assertTrue(pool.earliestRecovery().isEmpty());
    }

    @Test
    void excludesKeysTheRequestAlreadyTried() {
        KeyPool pool = new KeyPool(List.of("k1", "k2"), Clock.systemUTC());
        Set<ApiKey> tried = new HashSet<>();
        tried.add(pool.next(tried).orElseThrow());
        tried.add(pool.next(tried).orElseThrow());
        assertTrue(pool.next(tried).isEmpty());
    }

    @Test
    void failoverStopsAtItsBudgetAndOnClientErrors() {
        KeyPool pool = new KeyPool(List.of("k1", "k2", "k3"), Clock.systemUTC());
        Failover failover = new Failover(pool, 2);
        ApiKey first = failover.next().orElseThrow();
        assertTrue(failover.failed(first, UpstreamFailure.network("down", null)));
        ApiKey second = failover.next().orElseThrow();
        assertFalse(first.equals(second));
        assertFalse(failover.failed(second, UpstreamFailure.network("down", null)), "budget of 2 spent");
        assertTrue(failover.next().isEmpty());

        Failover other = new Failover(pool, 3);
        ApiKey key = other.next().orElseThrow();
        assertFalse(other.failed(key, UpstreamFailure.fromResponse(400, "{\"error\":{\"code\":400,\"message\":\"bad field\"}}".getBytes())));
    }

    @Test
    void redactsPoolKeysAndAnythingShapedLikeAGoogleKey() {
        KeyPool pool = new KeyPool(List.of("secret-key-0123456789"), Clock.systemUTC());
        String text = pool.redact("bad secret-key-0123456789 and api_key:AIzaSyA1234567890abcdefghijklmnopqrstuv done");
        assertFalse(text.contains("secret-key-0123456789"));
        assertFalse(text.contains("AIzaSyA1234567890abcdefghijklmnopqrstuv"));
        assertTrue(text.contains("secr...6789"));
        assertTrue(text.contains("AIza...stuv"));
    }

    @Test
    void parallelRequestsNeverGetAKeyAfterItWasMarkedInvalid() throws Exception {
        List<String> secrets = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            secrets.add("key-" + i);
        }
        KeyPool pool = new KeyPool(secrets, new MutableClock());
        Set<ApiKey> dead = java.util.concurrent.ConcurrentHashMap.newKeySet();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        AtomicInteger misuse = new AtomicInteger();
        AtomicInteger served = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(400);
        for (int i = 0; i < 400; i++) {
            int n = i;
            threads.execute(() -> {
                try {
                    Set<ApiKey> deadBefore = Set.copyOf(dead);
                    pool.next(Set.of()).ifPresent(key -> {
                        served.incrementAndGet();
                        if (deadBefore.contains(key)) {
                            misuse.incrementAndGet();
                        }
                        if (n % 50 == 0) {
                            pool.onFailure(key, invalid());
                            dead.add(key);
                        }
                    });
                } finally {
                    done.countDown();
                }
            });
        }
        assertTrue(done.await(10, TimeUnit.SECONDS));
        threads.shutdown();
        assertEquals(0, misuse.get());
        assertTrue(served.get() >= 400 - 10, "keys stay available while some are alive");
        assertEquals(10 - dead.size(), pool.snapshot().stream().filter(s -> s.state() == KeyState.ACTIVE).count());
    }
}
