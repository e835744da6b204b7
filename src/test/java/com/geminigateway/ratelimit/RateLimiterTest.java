package com.geminigateway.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.geminigateway.auth.Client;
import com.geminigateway.auth.ClientLimits;
import com.geminigateway.auth.ModelAllowList;
import com.geminigateway.config.GatewayConfig;
import com.geminigateway.errors.GatewayException;
import com.geminigateway.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class RateLimiterTest {

    /** 10:00 on a summer day in Los Angeles (UTC-7). */
    final MutableClock clock = new MutableClock(Instant.parse("2026-07-15T17:00:00Z"));
    final AtomicLong tokensUsed = new AtomicLong();

    static GatewayConfig.Limits limits(int globalPerMinute, int perIpPerDay, int perIpPerMinute) {
        return new GatewayConfig.Limits(globalPerMinute, perIpPerDay, perIpPerMinute, 1 << 20, 100, 1 << 20, Duration.ofSeconds(60));
    }

    RateLimiter limiter(int globalPerMinute, int perIpPerDay, int perIpPerMinute) {
        return new RateLimiter(limits(globalPerMinute, perIpPerDay, perIpPerMinute), client -> tokensUsed.get(), clock);
    }

    static Client key(String name, int perMinute, int perDay, long tokensPerDay) {
        return new Client(name, false, new ClientLimits(perMinute, perDay, tokensPerDay), ModelAllowList.ANY);
    }

    static GatewayException refusal(RateLimitDecision d) {
        assertFalse(d.admitted(), "expected a refusal");
        GatewayException e = d.refusal().orElseThrow();
        assertEquals(429, e.status());
        assertEquals("rate_limit_exceeded", e.code());
        return e;
    }

    @Test
    void nothingConfiguredMeansNoLimitAndNoHeaders() {
        RateLimiter limiter = limiter(0, 0, 0);
        for (int i = 0; i < 1000; i++) {
            RateLimitDecision d = limiter.acquire("10.0.0.1", Client.password());
            assertTrue(d.admitted());
            assertTrue(d.quota().isEmpty());
        }
    }

    @Test
    void theGlobalMinuteLimitRefillsOneRequestEverySixtyOverLSeconds() {
        RateLimiter limiter = limiter(4, 0, 0);
        for (int i = 0; i < 4; i++) {
            RateLimitDecision d = limiter.acquire("10.0.0." + i, Client.password());
            assertEquals(new Quota(4, 3 - i, Duration.ofSeconds(15L * (i + 1))), d.quota().orElseThrow());
        }
        GatewayException e = refusal(limiter.acquire("10.0.0.9", Client.password()));
        assertEquals(Duration.ofSeconds(15), e.retryAfter().orElseThrow());
        assertEquals("requests", e.type());
        assertTrue(e.getMessage().contains("at most 4 requests per minute from all clients together"), e.getMessage());
        assertTrue(e.getMessage().endsWith("Try again in 15 s."), e.getMessage());

        clock.advance(Duration.ofSeconds(14));
        assertEquals(Duration.ofSeconds(1), refusal(limiter.acquire("10.0.0.9", Client.password())).retryAfter().orElseThrow());
        clock.advance(Duration.ofSeconds(1));
        assertTrue(limiter.acquire("10.0.0.9", Client.password()).admitted());
        assertFalse(limiter.acquire("10.0.0.9", Client.password()).admitted());
    }

    @Test
    void oneAddressCannotTakeTheWholeGlobalBudget() {
        RateLimiter limiter = limiter(10, 0, 3);
        for (int i = 0; i < 3; i++) {
            assertTrue(limiter.acquire("10.0.0.1", Client.password()).admitted());
        }
        GatewayException e = refusal(limiter.acquire("10.0.0.1", Client.password()));
        assertTrue(e.getMessage().contains("(10.0.0.1)"), e.getMessage());
        assertEquals(Duration.ofSeconds(20), e.retryAfter().orElseThrow());
        // Others still get through, and the refused request spent nothing from the global budget.
        for (int i = 0; i < 3; i++) {
            assertTrue(limiter.acquire("10.0.0.2", Client.password()).admitted());
        }
        for (int i = 3; i < 7; i++) {
            assertTrue(limiter.acquire("10.0.0." + i, Client.password()).admitted(), "global request " + (i + 3));
        }
        assertTrue(refusal(limiter.acquire("10.0.0.8", Client.password())).getMessage().contains("all clients together"));
    }

    @Test
    void theDailyAddressLimitResetsAtMidnightPacificTime() {
        clock.set(Instant.parse("2026-07-16T06:59:00Z")); // 23:59 PDT
        RateLimiter limiter = limiter(0, 2, 0);
        RateLimitDecision first = limiter.acquire("10.0.0.1", Client.password());
        assertEquals(new Quota(2, 1, Duration.ofSeconds(60)), first.quota().orElseThrow());
        assertTrue(limiter.acquire("10.0.0.1", Client.password()).admitted());
        GatewayException e = refusal(limiter.acquire("10.0.0.1", Client.password()));
        assertEquals(Duration.ofSeconds(60), e.retryAfter().orElseThrow());
        assertTrue(e.getMessage().contains("midnight Pacific time"), e.getMessage());

        clock.advance(Duration.ofSeconds(59));
        assertEquals(Duration.ofSeconds(1), refusal(limiter.acquire("10.0.0.1", Client.password())).retryAfter().orElseThrow());
        clock.advance(Duration.ofSeconds(1)); // 00:00 PDT: a new day
        RateLimitDecision next = limiter.acquire("10.0.0.1", Client.password());
        assertEquals(new Quota(2, 1, Duration.ofHours(24)), next.quota().orElseThrow());
    }

    @Test
    void aDayAfterTheSwitchToWinterTimeLasts25Hours() {
        clock.set(Instant.parse("2026-11-01T07:00:00Z")); // 00:00 PDT; clocks go back at 02:00
        RateLimiter limiter = limiter(0, 1, 0);
        assertTrue(limiter.acquire("10.0.0.1", Client.password()).admitted());
        clock.advance(Duration.ofHours(24)); // 23:00 PST, same day
        assertEquals(Duration.ofHours(1), refusal(limiter.acquire("10.0.0.1", Client.password())).retryAfter().orElseThrow());
        clock.advance(Duration.ofHours(1));
        assertTrue(limiter.acquire("10.0.0.1", Client.password()).admitted());
    }

    @Test
    void aClientKeysOwnLimitsApplyOnTopAndFollowTheKeyAcrossAddresses() {
        RateLimiter limiter = limiter(100, 0, 100);
        Client alice = key("alice", 2, 3, 0);
        assertTrue(limiter.acquire("10.0.0.1", alice).admitted());
        assertEquals(new Quota(2, 0, Duration.ofSeconds(60)), limiter.acquire("10.0.0.2", alice).quota().orElseThrow());
        GatewayException perMinute = refusal(limiter.acquire("10.0.0.3", alice));
        assertTrue(perMinute.getMessage().contains("Client key 'alice' may make at most 2 requests per minute"), perMinute.getMessage());
        assertEquals(Duration.ofSeconds(30), perMinute.retryAfter().orElseThrow());
        assertTrue(limiter.acquire("10.0.0.3", key("bob", 2, 3, 0)).admitted(), "other keys are not affected");

        clock.advance(Duration.ofSeconds(30));
        assertTrue(limiter.acquire("10.0.0.1", alice).admitted());
        clock.advance(Duration.ofSeconds(30));
        GatewayException perDay = refusal(limiter.acquire("10.0.0.1", alice));
        assertTrue(perDay.getMessage().contains("daily limit of 3 requests"), perDay.getMessage());
        // 10:01 PDT: the wait is until midnight, not the minute bucket's refill.
        assertEquals(Duration.ofHours(14).minusMinutes(1), perDay.retryAfter().orElseThrow());
        assertTrue(perDay.getMessage().endsWith("Try again in 13 h 59 min."), perDay.getMessage());
    }

    @Test
    void aDailyTokenAllowanceRefusesOnceItIsUsedUp() {
        RateLimiter limiter = limiter(0, 0, 0);
        Client carol = key("carol", 0, 0, 1000);
        tokensUsed.set(999);
        RateLimitDecision admitted = limiter.acquire("10.0.0.1", carol);
        assertTrue(admitted.admitted());
        assertTrue(admitted.quota().isEmpty(), "the request headers describe request limits only");
        tokensUsed.set(1000);
        GatewayException e = refusal(limiter.acquire("10.0.0.1", carol));
        assertEquals("tokens", e.type());
        assertTrue(e.getMessage().contains("daily allowance of 1000 tokens"), e.getMessage());
        assertEquals(Duration.ofHours(14), e.retryAfter().orElseThrow());
    }

    @Test
    void theHeadersDescribeTheTightestLimit() {
        RateLimiter limiter = limiter(3, 100, 5);
        // Global 2 left (20 s to refill both), address 4 left, address-day 99 left.
        assertEquals(new Quota(3, 2, Duration.ofSeconds(20)), limiter.acquire("10.0.0.1", Client.password()).quota().orElseThrow());
        // The key's daily limit of 1 is now the tightest; it is whole again at midnight (14 h away).
        assertEquals(new Quota(1, 0, Duration.ofHours(14)), limiter.acquire("10.0.0.2", key("dave", 0, 1, 0)).quota().orElseThrow());
    }

    @Test
    @Timeout(30)
    void parallelRequestsAgainstALimitOfLAdmitExactlyL() throws Exception {
        RateLimiter limiter = limiter(25, 0, 7);
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            // 4 addresses × 20 requests each, all at once: each address gets exactly 7, all together 25.
            for (int i = 0; i < 80; i++) {
                String address = "10.0.0." + (i % 4);
                Callable<Boolean> call = () -> {
                    start.await();
                    return limiter.acquire(address, Client.password()).admitted();
                };
                results.add(pool.submit(call));
            }
            start.countDown();
            int admitted = 0;
            for (Future<Boolean> r : results) {
                admitted += r.get(20, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertEquals(25, admitted);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @Timeout(30)
    void parallelRequestsFromOneAddressAdmitExactlyItsLimit() throws Exception {
        RateLimiter limiter = limiter(0, 0, 7);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return limiter.acquire("10.0.0.1", Client.password()).admitted();
                }));
            }
            start.countDown();
            int admitted = 0;
            for (Future<Boolean> r : results) {
                admitted += r.get(20, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertEquals(7, admitted);
        } finally {
            pool.shutdownNow();
        }
    }
}
