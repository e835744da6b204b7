package com.geminigateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.geminigateway.app.Gateway;
import com.geminigateway.auth.Sha256;
import com.geminigateway.json.Json;
import com.geminigateway.testing.FakeGemini;
import com.geminigateway.testing.Http;
import com.geminigateway.testing.Reply;
import com.geminigateway.testing.SseReader;
import com.geminigateway.testing.MutableClock;
import com.geminigateway.testing.TestGateway;
import com.geminigateway.usage.ClientUsageSnapshot;
import com.geminigateway.usage.UsageCounts;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Named client keys over real HTTP: identity, model allow-lists, expiry, revocation, own limits, accounting. */
@Timeout(60)
class ClientAccessTest {

    static final Instant START = Instant.parse("2026-07-15T17:00:00Z"); // 10:00 PDT

    @TempDir
    static Path dir;
    static Path keysFile;
    static FakeGemini fake;
    static TestGateway gateway;
    static final MutableClock clock = new MutableClock(START);

    static String entry(String name, String extra) {
        return "{\"name\": \"" + name + "\", \"sha256\": \"" + Sha256.of(secret(name)).hex() + "\"" + extra + "}";
    }

    static String secret(String name) {
        return "gg-" + name + "-secret-0123456789";
    }

    static String keys(String... entries) {
        return "// client keys for the tests\n{\"keys\": [\n" + String.join(",\n", entries) + "\n]}\n";
    }

    static final String[] KEYS = {
            entry("alice", ", \"models\": [\"gemini-2.5-flash\"]"),
            entry("bob", ", \"enabled\": false"),
            entry("carol", ", \"expires\": \"" + START.plus(Duration.ofHours(1)) + "\""),
            entry("dave", ", \"tokensPerDay\": 100"),
            entry("erin", ""),
            entry("frank", ", \"requestsPerMinute\": 4"),
            entry("grace", ", \"requestsPerDay\": 2"),
    };

    @BeforeAll
    static void start() throws Exception {
        keysFile = dir.resolve("client-keys.json");
        Files.writeString(keysFile, keys(KEYS));
        fake = FakeGemini.start();
        gateway = TestGateway.start(Map.of("GEMINI_API_KEYS", "access-test-key-123456", "GEMINI_BASE_URL", fake.baseUrl(),
                "CLIENT_KEYS_FILE", keysFile.toString()), Map.of(), clock);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        fake.close();
    }

    @AfterEach
    void resetFake() {
        fake.reset();
    }

    static HttpRequest.Builder as(String name, String path) {
        return Http.request(gateway.baseUrl() + path).header("Authorization", "Bearer " + secret(name));
    }

    static HttpResponse<String> chat(String name, String model, String prompt) {
        return Http.send(as(name, "/v1/chat/completions")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\""
                        + prompt + "\"}]}")));
    }

    static JsonNode error(HttpResponse<String> r, int status) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        return Json.MAPPER.readTree(r.body()).get("error");
    }

    static ClientUsageSnapshot usage() {
        return Gateway.from(gateway.context().getServletContext()).clientUsage().snapshot();
    }

    @Test
    void aClientKeyWorksLikeThePasswordAndItsUseIsCountedUnderItsName() throws Exception {
        fake.onPrompt("count me", Reply.text("Counted.").usage(12, 3, 40));
        UsageCounts before = usage().of("alice");
        UsageCounts flashBefore = modelUsage("alice", "gemini-2.5-flash");
        HttpResponse<String> r = chat("alice", "gemini-2.5-flash", "count me");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(before.plus(new UsageCounts(1, 12, 3, 40)), usage().of("alice"));
        assertEquals(flashBefore.plus(new UsageCounts(1, 12, 3, 40)), modelUsage("alice", "gemini-2.5-flash"));

        UsageCounts password = usage().of("password");
        assertEquals(200, Http.send(Http.postJson(gateway.baseUrl() + "/v1/chat/completions",
                "{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"count me\"}]}")).statusCode());
        assertEquals(password.plus(new UsageCounts(1, 12, 3, 40)), usage().of("password"));
    }

    @Test
    void aStreamIsCountedWhenItEnds() throws Exception {
        fake.onPrompt("stream me", Reply.text("a", "b", "c").usage(7, 2, 5));
        UsageCounts before = usage().of("erin");
        HttpResponse<InputStream> r = Http.open(as("erin", "/v1/chat/completions")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"gemini-2.5-flash\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"stream me\"}]}")));
        assertEquals(200, r.statusCode());
        List<String> events = SseReader.readAll(r.body());
        assertEquals("[DONE]", events.get(events.size() - 1));
        UsageCounts expected = before.plus(new UsageCounts(1, 7, 2, 5));
        // The count is taken right after the last frame is handed to the writer; allow it that moment.
        assertEquals(expected, eventually(() -> usage().of("erin"), expected));
    }

    @Test
    void aKeyLimitedToSomeModelsCannotUseOrSeeOthers() throws Exception {
        int before = fake.requests().size();
        JsonNode e = error(chat("alice", "gemini-2.5-pro", "hi"), 403);
        assertEquals("model_not_allowed", e.get("code").asText());
        assertEquals("model", e.get("param").asText());
        assertEquals(before, fake.requests().size(), "no Gemini key is spent on a refused model");

        HttpResponse<String> models = Http.send(as("alice", "/v1/models"));
        assertEquals(200, models.statusCode());
        List<String> ids = new ArrayList<>();
        Json.MAPPER.readTree(models.body()).get("data").forEach(m -> ids.add(m.get("id").asText()));
        assertEquals(List.of("gemini-2.5-flash"), ids);
        assertEquals(404, Http.send(as("alice", "/v1/models/gemini-2.5-pro")).statusCode());
        assertEquals(200, Http.send(as("alice", "/v1/models/gemini-2.5-flash")).statusCode());
        assertEquals(200, chat("erin", "gemini-2.5-pro", "hi").statusCode(), "a key without a list may use any model");
    }

    @Test
    void aDisabledKeyIsRefusedInTheRoutesFormat() throws Exception {
        JsonNode e = error(chat("bob", "gemini-2.5-flash", "hi"), 401);
        assertEquals("invalid_api_key", e.get("code").asText());
        assertTrue(e.get("message").asText().contains("revoked"), e.toString());

        NativeRouteStub.ensure(gateway);
        HttpResponse<String> google = Http.send(Http.request(gateway.baseUrl() + "/v1beta/models?key=" + secret("bob")));
        JsonNode g = error(google, 401);
        assertEquals("UNAUTHENTICATED", g.get("status").asText());
        assertEquals(401, g.get("code").asInt());
        assertFalse(google.body().contains(secret("bob")), "the secret is never echoed");
    }

    @Test
    void aKeyStopsWorkingWhenItExpires() throws Exception {
        assertEquals(200, chat("carol", "gemini-2.5-flash", "hi").statusCode());
        clock.advance(Duration.ofHours(1));
        JsonNode e = error(chat("carol", "gemini-2.5-flash", "hi"), 401);
        assertTrue(e.get("message").asText().contains("expired"), e.toString());
    }

    @Test
    void aKeyRevokedInTheFileStopsWorkingWithoutARestart() throws Exception {
        assertEquals(200, chat("erin", "gemini-2.5-flash", "hi").statusCode());
        List<String> edited = new ArrayList<>(List.of(KEYS));
        edited.set(4, entry("erin", ", \"enabled\": false"));
        Files.writeString(keysFile, keys(edited.toArray(String[]::new)));
        try {
            // The file is checked every 2 seconds.
            assertEquals(401, eventually(() -> chat("erin", "gemini-2.5-flash", "hi").statusCode(), 401));
            assertEquals(200, chat("alice", "gemini-2.5-flash", "hi").statusCode(), "the other keys still work");
        } finally {
            Files.writeString(keysFile, keys(KEYS));
            assertEquals(200, eventually(() -> chat("erin", "gemini-2.5-flash", "hi").statusCode(), 200));
        }
    }

    @Test
    void aKeysRequestLimitHoldsUnderParallelRequests() throws Exception {
        List<Integer> statuses = RateLimitsTest.parallel(12, i -> chat("frank", "gemini-2.5-flash", "hi"));
        assertEquals(4, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        assertEquals(8, statuses.stream().filter(s -> s == 429).count(), statuses.toString());
        JsonNode e = error(chat("frank", "gemini-2.5-flash", "hi"), 429);
        assertTrue(e.get("message").asText().contains("Client key 'frank'"), e.toString());
        assertFalse(e.toString().contains(secret("frank")));
    }

    @Test
    void aKeysDailyRequestLimitSaysWhenItResets() throws Exception {
        assertEquals(200, chat("grace", "gemini-2.5-flash", "hi").statusCode());
        assertEquals(200, chat("grace", "gemini-2.5-flash", "hi").statusCode());
        HttpResponse<String> refused = chat("grace", "gemini-2.5-flash", "hi");
        error(refused, 429);
        long untilMidnight = Duration.between(clock.instant(), Instant.parse("2026-07-16T07:00:00Z")).toSeconds();
        assertEquals(Long.toString(untilMidnight), refused.headers().firstValue("Retry-After").orElseThrow());
    }

    @Test
    void aKeysDailyTokenAllowanceRefusesOnceUsedUp() throws Exception {
        fake.onPrompt("expensive", Reply.text("Done.").usage(60, 10, 40));
        assertEquals(200, chat("dave", "gemini-2.5-flash", "expensive").statusCode());
        JsonNode e = error(chat("dave", "gemini-2.5-flash", "expensive"), 429);
        assertEquals("tokens", e.get("type").asText());
        assertTrue(e.get("message").asText().contains("100 tokens"), e.toString());
    }

    static UsageCounts modelUsage(String client, String model) {
        ClientUsageSnapshot.ClientDay day = usage().clients().get(client);
        return day == null ? UsageCounts.ZERO : day.byModel().getOrDefault(model, UsageCounts.ZERO);
    }

    /** Re-evaluates until it gives {@code expected} or 10 seconds pass; returns the last value. */
    static <T> T eventually(Supplier<T> value, T expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        T last = value.get();
        while (!expected.equals(last) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            last = value.get();
        }
        return last;
    }
}
