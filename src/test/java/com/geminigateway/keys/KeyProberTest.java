package com.geminigateway.keys;

import com.geminigateway.config.GatewayConfig;

import static com.geminigateway.keys.Pools.FLASH;
import static com.geminigateway.keys.Pools.PRO;
import static com.geminigateway.keys.Pools.failure;
import static com.geminigateway.keys.Pools.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.geminigateway.store.MemoryPoolStore;
import com.geminigateway.store.UsageKey;
import com.geminigateway.testing.FakeGemini;
import com.geminigateway.testing.GeminiError;
import com.geminigateway.testing.KeyBehavior;
import com.geminigateway.testing.MutableClock;
import com.geminigateway.upstream.GeminiClient;
import com.geminigateway.usage.ModelLimits;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Background checks against the fake Gemini, with a clock the test moves. */
@Timeout(30)
class KeyProberTest {

    private final MutableClock clock = new MutableClock("2026-11-26T18:00:00Z");
    private final FakeGemini fake = FakeGemini.start();
    private final GeminiClient client = new GeminiClient(new GatewayConfig.Upstream(URI.create(fake.baseUrl()),
            Duration.ofSeconds(5), Duration.ofSeconds(10), 3, GatewayConfig.Proxies.none(), java.util.Optional.empty()));

    @AfterEach
    void stop() {
        client.close();
        fake.close();
    }

    private KeyPool pool(String... keys) {
        return Pools.pool(clock, ModelLimits.empty(), new MemoryPoolStore(), Pools.settings(), keys);
    }

    @Test
    void theStartUpCheckMarksDeadKeysAndLeavesKeysWithTransientTroubleAlone() throws Exception {
        KeyPool pool = pool("bad", "banned", "busy", "throttled", "good", "good-2");
        fake.key("bad", KeyBehavior.INVALID)
                .key("banned", KeyBehavior.SUSPENDED)
                .key("busy", KeyBehavior.OVERLOADED)
                .key("throttled", KeyBehavior.failsWith(GeminiError.throttled()));
        new KeyProber(client, pool).checkAllKeys().get(20, TimeUnit.SECONDS);

        assertEquals(6, fake.requests("/v1beta/models").size(), "one cheap model-list call per key");
        assertTrue(fake.requests().stream().allMatch(r -> r.query().equals("pageSize=1")));
        assertEquals(KeyState.INVALID, pool.status(key(pool, "bad"), null, clock.instant()).state());
        assertEquals(KeyState.SUSPENDED, pool.status(key(pool, "banned"), null, clock.instant()).state());
        for (String fine : new String[] {"busy", "throttled", "good", "good-2"}) {
            assertEquals(KeyState.ACTIVE, pool.status(key(pool, fine), FLASH, clock.instant()).state(), fine);
        }
    }

    @Test
    void aKeyFoundValidAtStartUpLosesAnInvalidStateFromBefore() throws Exception {
        KeyPool pool = pool("k1");
        pool.onFailure(key(pool, "k1"), null, Pools.invalid()); // e.g. restored from a snapshot
        new KeyProber(client, pool).checkAllKeys().get(20, TimeUnit.SECONDS);
        assertEquals(KeyState.ACTIVE, pool.status(key(pool, "k1"), null, clock.instant()).state());
    }

    @Test
    void disabledKeysAreNotChecked() throws Exception {
        KeyPool pool = pool("k1", "k2");
        pool.disable(key(pool, "k1").id());
        new KeyProber(client, pool).checkAllKeys().get(20, TimeUnit.SECONDS);
        assertEquals(1, fake.requests().size());
        assertEquals("k2", fake.lastRequest().apiKey());
    }

    @Test
    void anInvalidKeyIsCheckedAgainWhenDueAndComesBackWhenGoogleAcceptsIt() throws Exception {
        KeyPool pool = pool("k1");
        KeyProber prober = new KeyProber(client, pool);
        pool.onFailure(key(pool, "k1"), FLASH, Pools.invalid());
        prober.probeDue().get(10, TimeUnit.SECONDS);
        assertEquals(0, fake.requests().size(), "not due before KEY_REPROBE_MINUTES");

        clock.advance(Duration.ofMinutes(60));
        fake.key("k1", KeyBehavior.INVALID);
        prober.probeDue().get(10, TimeUnit.SECONDS);
        assertEquals(1, fake.requests().size());
        KeyStatus still = pool.status(key(pool, "k1"), null, clock.instant());
        assertEquals(KeyState.INVALID, still.state());
        assertEquals(clock.instant().plus(Duration.ofMinutes(60)), still.until(), "next check an interval later");

        clock.advance(Duration.ofMinutes(60));
        fake.key("k1", KeyBehavior.VALID);
        prober.probeDue().get(10, TimeUnit.SECONDS);
        assertEquals(KeyState.ACTIVE, pool.status(key(pool, "k1"), FLASH, clock.instant()).state());
    }

    @Test
    void aModelUnavailableToAProjectIsTriedAgainAfterADayWithTheSmallestGeneration() throws Exception {
        KeyPool pool = pool("k1@team");
        KeyProber prober = new KeyProber(client, pool);
        pool.onFailure(key(pool, "k1"), PRO, failure(GeminiError.quotaLimitZero(PRO)));
        clock.advance(Duration.ofHours(24));
        fake.key("k1", KeyBehavior.forModel(PRO, KeyBehavior.failsWith(GeminiError.quotaLimitZero(PRO))));
        prober.probeDue().get(10, TimeUnit.SECONDS);
        assertEquals(KeyState.MODEL_UNAVAILABLE, pool.status(key(pool, "k1"), PRO, clock.instant()).state());
        assertEquals(0, pool.store().usage(new UsageKey(key(pool, "k1").id(), PRO), clock.instant()).requestsToday(),
                "a refused check costs nothing");

        clock.advance(Duration.ofHours(24));
        fake.key("k1", KeyBehavior.VALID);
        prober.probeDue().get(10, TimeUnit.SECONDS);
        assertEquals(2, fake.requests(":generateContent").size());
        assertTrue(fake.lastRequest().body().contains("\"maxOutputTokens\":1"), fake.lastRequest().body());
        assertEquals(KeyState.ACTIVE, pool.status(key(pool, "k1"), PRO, clock.instant()).state());
        assertEquals(1, pool.store().usage(new UsageKey(key(pool, "k1").id(), PRO), clock.instant()).requestsToday(),
                "a served check is real usage");
    }
}
