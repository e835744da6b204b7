package com.geminigateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.geminigateway.store.SnapshotFile;
import com.geminigateway.testing.FakeGemini;
import com.geminigateway.testing.Http;
import com.geminigateway.testing.KeyBehavior;
import com.geminigateway.testing.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Counters, states, learned facts and added keys survive a restart; a bad snapshot never stops the gateway. */
@Timeout(60)
class PoolPersistenceTest {

    static final String FLASH = "gemini-2.5-flash";
    static final String GOOD = "persist-good-111111111111";
    static final String BAD = "persist-bad-2222222222222";
    static final String BUSY = "persist-busy-333333333333";
    static final String ADDED = "persist-added-44444444444";

    @TempDir
    Path dataDir;
    FakeGemini fake;

    @BeforeEach
    void startFake() {
        fake = FakeGemini.start();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    TestGateway start(Map<String, String> extra) {
        Map<String, String> settings = new java.util.HashMap<>(Map.of(
                "GEMINI_API_KEYS", GOOD + "," + BAD + "," + BUSY,
                "GEMINI_BASE_URL", fake.baseUrl(),
                "DATA_DIR", dataDir.toString()));
        settings.putAll(extra);
        return TestGateway.start(settings);
    }

    static int chat(TestGateway gateway) {
        return Http.send(Http.postJson(gateway.baseUrl() + "/v1/chat/completions",
                "{\"model\":\"" + FLASH + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).statusCode();
    }

    @Test
    void countersStatesAndAddedKeysSurviveARestart() {
        fake.key(BAD, KeyBehavior.INVALID);
        fake.key(BUSY, KeyBehavior.forModel(FLASH, KeyBehavior.quotaPerMinute(Duration.ofSeconds(50))));
        try (TestGateway first = start(Map.of())) {
            PoolAdmin admin = new PoolAdmin(first);
            for (int i = 0; i < 5; i++) {
                assertEquals(200, chat(first));
            }
            assertEquals(201, admin.post("/keys", "{\"key\":\"" + ADDED + "\"}").statusCode());
            admin.post("/keys/" + com.geminigateway.keys.ApiKey.idOf(GOOD) + "/disable", null);
        } // shutting down writes the last snapshot
        assertTrue(Files.exists(dataDir.resolve(SnapshotFile.FILE_NAME)));

        fake.reset();
        try (TestGateway second = start(Map.of())) {
            PoolAdmin admin = new PoolAdmin(second);
            assertEquals("INVALID", admin.key(BAD).get("state").asText());
            assertEquals("COOLING", admin.state(BUSY, FLASH));
            assertEquals("DISABLED", admin.key(GOOD).get("state").asText());
            assertEquals(10, admin.model(BUSY, FLASH).at("/limit/rpm").asLong(), "the learned limit");
            assertEquals(5, admin.usage(FLASH).at("/today/requests").asLong(), "today's count");
            assertEquals("ADDED", admin.key(ADDED).get("origin").asText());
            assertEquals(200, chat(second));
            assertEquals(ADDED, fake.lastRequest().apiKey(), "the only key not out of the rotation");
        }
    }

    @Test
    void aCorruptSnapshotIsSetAsideAndTheGatewayStartsAnyway() throws Exception {
        Files.writeString(dataDir.resolve(SnapshotFile.FILE_NAME), "{ this is not a snapshot");
        try (TestGateway gateway = start(Map.of())) {
            assertEquals(200, chat(gateway));
            assertEquals("ACTIVE", new PoolAdmin(gateway).key(GOOD).get("state").asText());
        }
        try (Stream<Path> files = Files.list(dataDir)) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith("key-pool.json.unreadable-")));
        }
        assertFalse(Files.readString(dataDir.resolve(SnapshotFile.FILE_NAME)).contains("this is not"),
                "a good snapshot replaced it");
    }

    @Test
    void theStartUpCheckTakesOutDeadKeysBeforeAnyClientMeetsThem() throws Exception {
        fake.key(BAD, KeyBehavior.INVALID);
        fake.key(BUSY, KeyBehavior.OVERLOADED);
        try (TestGateway gateway = start(Map.of("KEY_CHECK_AT_STARTUP", "true"))) {
            PoolAdmin admin = new PoolAdmin(gateway);
            // Checks run in the background; the gateway already answers. Wait for the three checks' effect.
            assertTrue(fake.awaitRequests(3, Duration.ofSeconds(10)));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!"INVALID".equals(admin.key(BAD).get("state").asText()) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals("INVALID", admin.key(BAD).get("state").asText());
            assertEquals("ACTIVE", admin.key(BUSY).get("state").asText(), "an overloaded Google is no reason to drop a key");
            for (int i = 0; i < 4; i++) {
                assertEquals(200, chat(gateway));
            }
            assertEquals(0, fake.requests(":generateContent").stream().filter(r -> BAD.equals(r.apiKey())).count());
        }
    }
}
