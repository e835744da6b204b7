package com.geminigateway.keys;

import static com.geminigateway.keys.Pools.FLASH;
import static com.geminigateway.keys.Pools.PRO;
import static com.geminigateway.keys.Pools.failure;
import static com.geminigateway.keys.Pools.invalid;
import static com.geminigateway.keys.Pools.key;
import static com.geminigateway.keys.Pools.perDay;
import static com.geminigateway.keys.Pools.perMinute;
import static com.geminigateway.keys.Pools.pool;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.geminigateway.gemini.GenerateContentResponse.UsageMetadata;
import com.geminigateway.store.MemoryPoolStore;
import com.geminigateway.store.UsageKey;
import com.geminigateway.testing.GeminiError;
import com.geminigateway.testing.MutableClock;
import com.geminigateway.usage.LimitMetric;
import com.geminigateway.usage.ModelLimits;
import com.geminigateway.usage.UsageFigures;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class KeyPoolTest {

    private final MutableClock clock = new MutableClock("2026-11-26T18:00:00Z"); // 10:00 Pacific

    private static String next(Failover failover) {
        return failover.next().orElseThrow().secret();
    }

    private static UsageMetadata usage(int prompt, int output, int thoughts) {
        return new UsageMetadata(prompt, output, thoughts, null, null, prompt + output + thoughts);
    }

    /** One whole successful request on whichever key the pool picks. */
    private static String serve(KeyPool pool, String model, long estimate) {
        Failover f = new Failover(pool, model, 3, estimate);
        ApiKey key = f.next().orElseThrow();
        f.completed(usage((int) estimate, 1, 0));
        return key.secret();
    }

    // ------------------------------------------------------------------ choosing

    @Test
    void withoutLimitsTheLeastRecentlyUsedKeyServesSoKeysTakeTurns() {
        KeyPool pool = pool(clock, "k1", "k2", "k3");
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            seen.add(serve(pool, FLASH, 10));
            clock.advance(Duration.ofMillis(10));
        }
        assertEquals(List.of("k1", "k2", "k3", "k1", "k2", "k3"), seen);
    }

    @Test
    void theKeyWithTheMostQuotaLeftServesFirst() {
        KeyPool pool = pool(clock, Pools.flashLimits(100, 100), "k1", "k2");
        MemoryPoolStore store = (MemoryPoolStore) pool.store();
        // k1 used 50 of its 100 requests today, k2 only 10: k2 is healthier, even though it was used last.
        store.recordUsage(new UsageKey(ApiKey.idOf("k1"), FLASH), clock.instant().minusSeconds(3600),
                new com.geminigateway.usage.UsageDelta(50, 0, 0, 0), clock.instant());
        store.recordUsage(new UsageKey(ApiKey.idOf("k2"), FLASH), clock.instant().minusSeconds(3600),
                new com.geminigateway.usage.UsageDelta(10, 0, 0, 0), clock.instant());
        for (int i = 0; i < 5; i++) {
            assertEquals("k2", serve(pool, FLASH, 1));
        }
    }

    @Test
    void duplicateKeysCountOnceAndKeepTheirFirstLabel() {
        KeyPool pool = pool(clock, "k1@team-a", "k2", "k1@team-b");
        assertEquals(2, pool.size());
        assertEquals("team-a", key(pool, "k1").project());
    }

    @Test
    void theLocalPreCheckRefusesAKeyWhoseMinuteIsFullUntilTheWindowEases() {
        KeyPool pool = pool(clock, Pools.flashLimits(2, 100), "k1");
        serve(pool, FLASH, 10);
        clock.advance(Duration.ofSeconds(10));
        serve(pool, FLASH, 10);
        Failover third = new Failover(pool, FLASH, 3, 10);
        assertTrue(third.next().isEmpty(), "2 requests per minute, both used");
        Availability why = third.availability();
        assertEquals(clock.instant().plusSeconds(50), why.readyAt(), "when the first request leaves the window");
        assertTrue(why.why().contains("requests-per-minute"), why.why());
        clock.advance(Duration.ofSeconds(50));
        assertEquals("k1", serve(pool, FLASH, 10));
    }

    @Test
    void theTokenPreCheckIncludesThisRequestsEstimate() {
        KeyPool pool = pool(clock, Pools.flashLimits(100, 100), "k1"); // 1,000 input tokens a minute
        serve(pool, FLASH, 700);
        assertTrue(new Failover(pool, FLASH, 3, 400).next().isEmpty(), "700 + 400 > 1000");
        assertEquals("k1", serve(pool, FLASH, 300), "700 + 300 fits");
        clock.advance(Duration.ofMinutes(1));
        assertEquals("k1", serve(pool, FLASH, 5000), "alone in an empty window, even a too-large estimate is tried");
    }

    @Test
    void aFullDayWaitsForPacificMidnight() {
        KeyPool pool = pool(clock, Pools.flashLimits(100, 1), "k1");
        serve(pool, FLASH, 1);
        Availability why = new Failover(pool, FLASH, 3, 1).availability();
        assertEquals(Instant.parse("2026-11-27T08:00:00Z"), why.readyAt());
        clock.set(Instant.parse("2026-11-27T08:00:00Z"));
        assertEquals("k1", serve(pool, FLASH, 1));
    }

    @Test
    void aConcurrencyCapLeavesBusyKeysAlone() {
        KeyPool pool = pool(clock, ModelLimits.empty(), new MemoryPoolStore(), Pools.settings(1), "k1", "k2");
        Failover a = new Failover(pool, FLASH, 3, 1);
        Failover b = new Failover(pool, FLASH, 3, 1);
        assertNotEquals(next(a), next(b));
        Failover c = new Failover(pool, FLASH, 3, 1);
        assertTrue(c.next().isEmpty());
        assertTrue(c.availability().why().contains("busy"), c.availability().why());
        a.completed(usage(1, 1, 0));
        assertTrue(c.next().isPresent());
    }

    // ------------------------------------------------------------------ failures

    @Test
    void anInvalidKeyLeavesTheRotationAndStaysOutWhenALateCooldownArrives() {
        KeyPool pool = pool(clock, "k1", "k2");
        ApiKey k1 = key(pool, "k1");
        pool.onFailure(k1, FLASH, invalid());
        clock.advance(Duration.ofDays(2));
        for (int i = 0; i < 4; i++) {
            assertEquals("k2", serve(pool, FLASH, 1));
        }
        pool.onFailure(k1, FLASH, perMinute(Duration.ofSeconds(1)));
        clock.advance(Duration.ofSeconds(2));
        assertEquals(KeyState.INVALID, pool.status(k1, FLASH, clock.instant()).state());
        assertEquals(KeyState.INVALID, pool.status(k1, null, clock.instant()).state());
    }

    @Test
    void aPerMinuteQuotaCoolsTheKeyForThatModelOnly() {
        KeyPool pool = pool(clock, "k1");
        ApiKey k1 = key(pool, "k1");
        Verdict v = pool.onFailure(k1, FLASH, perMinute(Duration.ofSeconds(30)));
        assertEquals(Verdict.Kind.QUOTA_MINUTE, v.kind());
        KeyStatus status = pool.status(k1, FLASH, clock.instant());
        assertEquals(KeyState.COOLING, status.state());
        assertEquals(clock.instant().plusSeconds(30), status.until());
        assertTrue(status.lastError().contains("exceeded your current quota"), status.lastError());
        assertTrue(new Failover(pool, FLASH, 3, 1).next().isEmpty());
        assertEquals("k1", serve(pool, PRO, 1), "another model is not affected");
        assertEquals(clock.instant().plusSeconds(30), pool.availability(FLASH, 1).readyAt());
        clock.advance(Duration.ofSeconds(30));
        assertEquals("k1", serve(pool, FLASH, 1));
    }

    @Test
    void aCooldownNeverGetsShorter() {
        KeyPool pool = pool(clock, "k1");
        ApiKey k1 = key(pool, "k1");
        pool.onFailure(k1, FLASH, perMinute(Duration.ofSeconds(40)));
        pool.onFailure(k1, FLASH, perMinute(Duration.ofSeconds(5)));
        assertEquals(clock.instant().plusSeconds(40), pool.status(k1, FLASH, clock.instant()).until());
    }

    @Test
    void aDailyQuotaLastsUntilPacificMidnightOnTheFallBackDay() {
        clock.set(Instant.parse("2026-11-01T15:00:00Z")); // 07:00 PST on the 25-hour day
        KeyPool pool = pool(clock, "k1");
        ApiKey k1 = key(pool, "k1");
        assertEquals(Verdict.Kind.QUOTA_DAY, pool.onFailure(k1, FLASH, perDay()).kind());
        KeyStatus status = pool.status(k1, FLASH, clock.instant());
        assertEquals(KeyState.DAY_EXHAUSTED, status.state());
        assertEquals(Instant.parse("2026-11-02T08:00:00Z"), status.until());
        clock.set(Instant.parse("2026-11-02T07:59:59Z"));
        assertTrue(new Failover(pool, FLASH, 3, 1).next().isEmpty());
        clock.set(Instant.parse("2026-11-02T08:00:00Z"));
        assertEquals("k1", serve(pool, FLASH, 1));
    }

    @Test
    void limitZeroMakesTheModelUnavailableUntilItIsCheckedAgain() {
        KeyPool pool = pool(clock, "k1");
        ApiKey k1 = key(pool, "k1");
        assertEquals(Verdict.Kind.MODEL_UNAVAILABLE, pool.onFailure(k1, PRO, failure(GeminiError.quotaLimitZero(PRO))).kind());
        Availability why = pool.availability(PRO, 1);
        assertFalse(why.willRecover(), "no time makes it come back by itself");
        assertTrue(why.modelUnavailable());
        assertEquals("k1", serve(pool, FLASH, 1), "flash is still fine");
        assertTrue(pool.claimDueProbes().isEmpty(), "not yet due");
        clock.advance(Duration.ofHours(24));
        List<KeyPool.Probe> due = pool.claimDueProbes();
        assertEquals(1, due.size());
        assertEquals(PRO, due.get(0).model());
        assertTrue(pool.claimDueProbes().isEmpty(), "claimed once only");
        pool.probeSucceeded(due.get(0));
        assertEquals("k1", serve(pool, PRO, 1));
    }

    @Test
    void googlesOverloadAndClientErrorsChangeNothingButTheFailureCount() {
        KeyPool pool = pool(clock, "k1");
        ApiKey k1 = key(pool, "k1");
        pool.onFailure(k1, FLASH, failure(GeminiError.overloaded()));
        pool.onFailure(k1, FLASH, failure(GeminiError.internal()));
        pool.onFailure(k1, FLASH, failure(GeminiError.unknownField("foo")));
        assertEquals(KeyState.ACTIVE, pool.status(k1, FLASH, clock.instant()).state());
        assertEquals(3, k1.failuresInARow());
        serve(pool, FLASH, 1);
        assertEquals(0, k1.failuresInARow(), "a success resets the count");
    }

    @Test
    void aQuotaStateAppliesToEveryKeyOfTheProject() {
        KeyPool pool = pool(clock, "a1@team-a", "a2@team-a", "b1@team-b", "solo");
        pool.onFailure(key(pool, "a1"), FLASH, perMinute(Duration.ofSeconds(30)));
        assertEquals(KeyState.COOLING, pool.status(key(pool, "a2"), FLASH, clock.instant()).state());
        assertEquals("project+model", pool.status(key(pool, "a2"), FLASH, clock.instant()).appliesTo());
        assertEquals(KeyState.ACTIVE, pool.status(key(pool, "b1"), FLASH, clock.instant()).state());
        for (int i = 0; i < 4; i++) {
            String used = serve(pool, FLASH, 1);
            assertTrue(used.equals("b1") || used.equals("solo"), used);
        }
        // A suspension takes the whole project out, for every model.
        pool.onFailure(key(pool, "b1"), FLASH, failure(GeminiError.consumerSuspended("b1")));
        assertEquals(KeyState.SUSPENDED, pool.status(key(pool, "b1"), PRO, clock.instant()).state());
    }

    @Test
    void theProjectNamedInErrorDetailsIsLearnedAndShared() {
        KeyPool pool = pool(clock, "k1", "k2", "k3");
        GeminiError withProject = GeminiError.quotaPerMinute(FLASH, Duration.ofSeconds(20)).withConsumer("42");
        pool.onFailure(key(pool, "k1"), PRO, failure(GeminiError.overloaded().withConsumer("42")));
        pool.onFailure(key(pool, "k2"), PRO, failure(GeminiError.overloaded().withConsumer("42")));
        assertEquals("projects/42", key(pool, "k1").project());
        pool.onFailure(key(pool, "k1"), FLASH, failure(withProject));
        assertEquals(KeyState.COOLING, pool.status(key(pool, "k2"), FLASH, clock.instant()).state(), "same project");
        assertEquals(KeyState.ACTIVE, pool.status(key(pool, "k3"), FLASH, clock.instant()).state());
        // A pool built on the same store later knows the project too.
        KeyPool restarted = pool(clock, ModelLimits.empty(), pool.store(), Pools.settings(), "k1", "k2", "k3");
        assertEquals("projects/42", key(restarted, "k2").project());
    }

    @Test
    void googlesQuotaValueRefinesTheConfiguredLimit() {
        KeyPool pool = pool(clock, Pools.flashLimits(100, 1000), "k1");
        ApiKey k1 = key(pool, "k1");
        pool.onFailure(k1, FLASH, perMinute(Duration.ofSeconds(1))); // says: limit 10 per minute
        assertEquals(10L, pool.limitFor(k1, FLASH).get(LimitMetric.RPM));
        assertEquals(1000L, pool.limitFor(k1, FLASH).get(LimitMetric.RPD), "other limits stay as configured");
        clock.advance(Duration.ofSeconds(1));
        for (int i = 0; i < 10; i++) {
            serve(pool, FLASH, 1);
        }
        assertTrue(new Failover(pool, FLASH, 3, 1).next().isEmpty(), "the eleventh is refused locally");
    }

    @Test
    void failoverTriesOtherProjectsFirstAndNeverTheSameKeyTwice() {
        KeyPool pool = pool(clock, "a1@team-a", "a2@team-a", "b1@team-b");
        Failover f = new Failover(pool, FLASH, 3, 1);
        String first = next(f);
        f.failed(key(pool, first), failure(GeminiError.overloaded()));
        String second = next(f);
        assertNotEquals(first.charAt(0), second.charAt(0), "another project first: " + first + " then " + second);
        f.failed(key(pool, second), failure(GeminiError.overloaded()));
        String third = next(f);
        assertFalse(third.equals(first) || third.equals(second));
        assertFalse(f.failed(key(pool, third), failure(GeminiError.overloaded())), "budget of 3 spent");
        assertTrue(f.next().isEmpty());

        Failover clientError = new Failover(pool, FLASH, 3, 1);
        ApiKey k = clientError.next().orElseThrow();
        assertFalse(clientError.failed(k, failure(GeminiError.unknownField("foo"))), "no retry helps a bad request");
    }

    @Test
    void backoffOnlyAfterGooglesOverload() {
        KeyPool pool = pool(clock, "k1", "k2", "k3");
        Failover f = new Failover(pool, FLASH, 3, 1);
        f.failed(f.next().orElseThrow(), invalid());
        assertEquals(Duration.ZERO, f.backoff());
        f.failed(f.next().orElseThrow(), failure(GeminiError.overloaded()));
        assertTrue(f.backoff().toMillis() >= 400 && f.backoff().toMillis() <= 600, f.backoff().toString());
    }

    // ------------------------------------------------------------------ usage accounting

    @Test
    void usageIsBookedWhenSentCorrectedWhenAnsweredAndTakenBackOnFailure() {
        KeyPool pool = pool(clock, "k1");
        UsageKey k1 = new UsageKey(ApiKey.idOf("k1"), FLASH);
        Failover f = new Failover(pool, FLASH, 3, 100);
        ApiKey key = f.next().orElseThrow();
        assertEquals(1, pool.store().usage(k1, clock.instant()).requestsLastMinute(), "booked before the call");
        assertEquals(100, pool.store().usage(k1, clock.instant()).inputTokensLastMinute());
        f.failed(key, failure(GeminiError.overloaded()));
        assertEquals(UsageFigures.NONE.requestsToday(), pool.store().usage(k1, clock.instant()).requestsToday(), "taken back");

        Failover ok = new Failover(pool, FLASH, 3, 100);
        ok.next().orElseThrow();
        clock.advance(Duration.ofSeconds(3));
        ok.completed(usage(80, 20, 300));
        ok.completed(usage(1, 1, 1)); // a second call changes nothing
        UsageFigures f1 = pool.store().usage(k1, clock.instant());
        assertEquals(1, f1.requestsToday());
        assertEquals(80, f1.inputTokensToday());
        assertEquals(80, f1.inputTokensLastMinute());
        assertEquals(20, f1.outputTokensToday());
        assertEquals(300, f1.thinkingTokensToday());

        Failover abandoned = new Failover(pool, FLASH, 3, 50);
        abandoned.next().orElseThrow();
        abandoned.completed(null); // the client left before any usage was seen: the request still counts
        assertEquals(2, pool.store().usage(k1, clock.instant()).requestsToday());
        assertEquals(130, pool.store().usage(k1, clock.instant()).inputTokensToday());
    }

    @Test
    void listingModelsUsesOnlyWholeKeyStatesAndBooksNothing() {
        KeyPool pool = pool(clock, "k1", "k2");
        pool.onFailure(key(pool, "k1"), FLASH, perDay());
        Failover listing = Failover.anyModel(pool, 3);
        ApiKey k = listing.next().orElseThrow();
        assertEquals("k1", k.secret(), "a model's daily quota does not stop the model list");
        listing.completed(null);
        assertTrue(pool.store().usage(clock.instant()).keySet().stream().noneMatch(u -> u.keyId().equals(k.id())));
    }

    // ------------------------------------------------------------------ administration

    @Test
    void keysAreAddedDisabledEnabledAndRemovedWithoutLosingCounters() {
        KeyPool pool = pool(clock, "k1");
        serve(pool, FLASH, 10);
        ApiKey added = pool.add(KeySpec.parse("k2@team-x/tier1"));
        assertEquals(ApiKey.Origin.ADDED, added.origin());
        assertEquals("tier1", added.tier());
        assertThrows(IllegalStateException.class, () -> pool.add(KeySpec.parse("k2")));

        pool.disable(ApiKey.idOf("k1"));
        assertEquals(KeyState.DISABLED, pool.status(key(pool, "k1"), FLASH, clock.instant()).state());
        pool.onFailure(key(pool, "k1"), null, invalid());
        assertEquals(KeyState.DISABLED, pool.status(key(pool, "k1"), null, clock.instant()).state(), "only an admin undoes it");
        assertEquals("k2", serve(pool, FLASH, 1));
        pool.enable(ApiKey.idOf("k1"));
        assertEquals(KeyState.ACTIVE, pool.status(key(pool, "k1"), FLASH, clock.instant()).state());

        pool.remove(ApiKey.idOf("k1"));
        assertEquals(1, pool.size());
        assertThrows(NoSuchElementException.class, () -> pool.remove(ApiKey.idOf("k1")));
        ApiKey back = pool.add(KeySpec.parse("k1"));
        assertEquals(1, pool.store().usage(new UsageKey(back.id(), FLASH), clock.instant()).requestsToday(), "counters kept");
        // Added keys are in the store: a restart (a new pool on the same store) has them.
        KeyPool restarted = pool(clock, ModelLimits.empty(), pool.store(), Pools.settings(), "other");
        assertEquals(java.util.Set.of("other", "k2", "k1"), restarted.keys().stream().map(ApiKey::secret).collect(java.util.stream.Collectors.toSet()));
        assertEquals("other", restarted.keys().get(0).secret(), "configured keys first");
    }

    @Test
    void aReloadAppliesTheConfiguredKeysAndKeepsAddedOnes() {
        KeyPool pool = pool(clock, "k1", "k2@old");
        pool.add(KeySpec.parse("extra"));
        serve(pool, FLASH, 1);
        KeyPool.ReloadResult result = pool.reload(List.of("k2@new", "k3"));
        assertEquals(List.of(ApiKey.idOf("k3")), result.added());
        assertEquals(List.of(ApiKey.idOf("k1")), result.removed());
        assertEquals(List.of(ApiKey.idOf("k2")), result.changed());
        assertEquals(List.of("k2", "extra", "k3"), pool.keys().stream().map(ApiKey::secret).toList());
        assertEquals("new", key(pool, "k2").project());
        assertEquals(0, pool.reload(List.of("k2@new", "k3")).added().size(), "a second reload changes nothing");
    }

    @Test
    void redactsPoolKeysAndAnythingShapedLikeAGoogleKey() {
        KeyPool pool = pool(clock, "secret-key-0123456789");
        String text = pool.redact("bad secret-key-0123456789 and api_key:AIzaSyA123456789abcdefghijklmnopqrstuv done");
        assertFalse(text.contains("secret-key-0123456789"));
        assertFalse(text.contains("AIzaSyA123456789abcdefghijklmnopqrstuv"));
        assertTrue(text.contains("secr...6789"));
        assertTrue(text.contains("AIza...stuv"));
        assertNull(pool.redact(null));
    }

    @Test
    void stateMessagesNeverHoldTheKey() {
        String secret = "AIzaSyB-suspended-key-0000000000000";
        KeyPool pool = pool(clock, secret);
        pool.onFailure(key(pool, secret), FLASH, failure(GeminiError.consumerSuspended(secret)));
        KeyStatus status = pool.status(key(pool, secret), null, clock.instant());
        assertFalse(status.lastError().contains(secret), status.lastError());
        assertFalse(pool.views().toString().contains(secret));
    }

    @Test
    void aSweepDropsEndedStatesAndStatesOfRemovedKeys() {
        KeyPool pool = pool(clock, "k1", "k2");
        pool.onFailure(key(pool, "k1"), FLASH, perMinute(Duration.ofSeconds(5)));
        pool.onFailure(key(pool, "k2"), null, invalid());
        pool.remove(ApiKey.idOf("k2"));
        clock.advance(Duration.ofSeconds(5));
        pool.sweep();
        assertTrue(pool.store().states().isEmpty(), pool.store().states().toString());
    }
}
