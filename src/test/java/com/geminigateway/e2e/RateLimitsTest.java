package com.geminigateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.geminigateway.json.Json;
import com.geminigateway.testing.FakeGemini;
import com.geminigateway.testing.Http;
import com.geminigateway.testing.MutableClock;
import com.geminigateway.testing.TestGateway;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Client rate limits over real HTTP. The gateways run on a clock the tests move, so refills and daily
 * resets happen exactly when a test says. TestGateway listens on 127.0.0.1, which one gateway here
 * trusts as a proxy and the other does not.
 */
@Timeout(60)
class RateLimitsTest {

    static final String CHAT = "{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    static FakeGemini fake;
    /** Trusts no proxy; 2 requests per minute per address. */
    static TestGateway direct;
    static final MutableClock directClock = new MutableClock(Instant.parse("2026-07-15T17:00:00Z"));
    /** Trusts 127.0.0.1 as a proxy; 2 requests per minute per address. */
    static TestGateway behindProxy;
    static final MutableClock proxyClock = new MutableClock(Instant.parse("2026-07-15T17:00:00Z"));

    @BeforeAll
    static void start() {
        fake = FakeGemini.start();
        direct = TestGateway.start(settings("MAX_REQUESTS_PER_MINUTE_PER_IP", "2"), Map.of(), directClock);
        behindProxy = TestGateway.start(settings("MAX_REQUESTS_PER_MINUTE_PER_IP", "2", "TRUSTED_PROXIES", "127.0.0.1"),
                Map.of(), proxyClock);
    }

    @AfterAll
    static void stop() {
        direct.close();
        behindProxy.close();
        fake.close();
    }

    /** Every minute bucket of the shared gateways is whole again. */
    @BeforeEach
    void nextMinute() {
        directClock.advance(Duration.ofMinutes(1));
        proxyClock.advance(Duration.ofMinutes(1));
    }

    static Map<String, String> settings(String... pairs) {
        Map<String, String> s = new HashMap<>(Map.of("GEMINI_API_KEYS", "rate-test-key-123456", "GEMINI_BASE_URL", fake.baseUrl()));
        for (int i = 0; i < pairs.length; i += 2) {
            s.put(pairs[i], pairs[i + 1]);
        }
        return s;
    }

    static HttpResponse<String> chat(TestGateway gateway, String forwardedFor) {
        HttpRequest.Builder request = Http.postJson(gateway.baseUrl() + "/v1/chat/completions", CHAT);
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        return Http.send(request);
    }

    static JsonNode rateLimited(HttpResponse<String> r) throws Exception {
        assertEquals(429, r.statusCode(), r.body());
        JsonNode error = Json.MAPPER.readTree(r.body()).get("error");
        assertEquals("rate_limit_exceeded", error.get("code").asText());
        assertEquals("requests", error.get("type").asText());
        assertTrue(r.headers().firstValue("Retry-After").isPresent());
        return error;
    }

    static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse("(none)");
    }

    @Test
    void aSpoofedForwardedForFromAnUntrustedPeerIsIgnored() throws Exception {
        assertEquals(200, chat(direct, "10.0.0.1").statusCode());
        assertEquals(200, chat(direct, "10.0.0.2").statusCode());
        JsonNode error = rateLimited(chat(direct, "10.0.0.3"));
        assertTrue(error.get("message").asText().contains("(127.0.0.1)"), error.toString());
    }

    @Test
    void aTrustedProxysForwardedForNamesTheClient() throws Exception {
        assertEquals(200, chat(behindProxy, "10.1.0.1").statusCode());
        assertEquals(200, chat(behindProxy, "10.1.0.1").statusCode());
        JsonNode error = rateLimited(chat(behindProxy, "10.1.0.1"));
        assertTrue(error.get("message").asText().contains("(10.1.0.1)"), error.toString());
        // Whatever the client puts to the left of what the proxy appended changes nothing.
        rateLimited(chat(behindProxy, "10.9.9.9, 10.1.0.1"));
        assertEquals(200, chat(behindProxy, "10.1.0.2").statusCode(), "another client behind the same proxy");
    }

    @Test
    void countedResponsesCarryTheLimitHeadersAndARefusalSaysWhenToRetry() throws Exception {
        HttpResponse<String> first = chat(direct, null);
        assertEquals(200, first.statusCode());
        assertEquals("2", header(first, "X-RateLimit-Limit"));
        assertEquals("1", header(first, "X-RateLimit-Remaining"));
        assertEquals("30", header(first, "X-RateLimit-Reset"));
        HttpResponse<String> second = chat(direct, null);
        assertEquals("0", header(second, "X-RateLimit-Remaining"));
        assertEquals("60", header(second, "X-RateLimit-Reset"));

        HttpResponse<String> refused = chat(direct, null);
        rateLimited(refused);
        assertEquals("30", header(refused, "Retry-After"), "one request comes back every 60/2 seconds");
        assertEquals("0", header(refused, "X-RateLimit-Remaining"));
        assertNotEquals("(none)", header(refused, "X-Request-Id"));

        directClock.advance(Duration.ofSeconds(29));
        assertEquals("1", header(chat(direct, null), "Retry-After"));
        directClock.advance(Duration.ofSeconds(1));
        assertEquals(200, chat(direct, null).statusCode());
    }

    @Test
    void listingModelsDoesNotCount() throws Exception {
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> models = Http.send(Http.authorized(direct.baseUrl() + "/v1/models"));
            assertEquals(200, models.statusCode());
            assertFalse(models.headers().firstValue("X-RateLimit-Limit").isPresent());
        }
        assertEquals(200, chat(direct, null).statusCode());
        assertEquals(200, chat(direct, null).statusCode());
        rateLimited(chat(direct, null));
    }

    @Test
    void aRequestWithoutValidCredentialsIsRefusedBeforeItCounts() throws Exception {
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = Http.send(Http.request(direct.baseUrl() + "/v1/chat/completions")
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(CHAT)));
            assertEquals(401, r.statusCode());
        }
        assertEquals(200, chat(direct, null).statusCode());
    }

    @Test
    void nativeGeminiRoutesAreRefusedInGooglesFormat() throws Exception {
        NativeRouteStub.ensure(direct);
        IntFunction<HttpResponse<String>> call = i -> Http.send(Http.request(direct.baseUrl()
                        + "/v1beta/models/gemini-2.5-flash:generateContent")
                .header("x-goog-api-key", TestGateway.PASSWORD)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}]}")));
        assertNotEquals(429, call.apply(1).statusCode());
        assertNotEquals(429, call.apply(2).statusCode());
        HttpResponse<String> refused = call.apply(3);
        assertEquals(429, refused.statusCode(), refused.body());
        JsonNode error = Json.MAPPER.readTree(refused.body()).get("error");
        assertEquals(429, error.get("code").asInt());
        assertEquals("RESOURCE_EXHAUSTED", error.get("status").asText());
        assertTrue(error.get("message").asText().contains("requests per minute"), error.toString());
        assertEquals("30", header(refused, "Retry-After"));
    }

    @Test
    void parallelRequestsFromOneAddressAdmitExactlyItsLimit() throws Exception {
        List<Integer> statuses = parallel(16, i -> chat(behindProxy, "10.2.0.1"));
        assertEquals(2, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        assertEquals(14, statuses.stream().filter(s -> s == 429).count(), statuses.toString());
    }

    @Test
    void parallelRequestsFromManyAddressesAdmitExactlyTheGlobalLimit() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-07-15T17:00:00Z"));
        try (TestGateway gateway = TestGateway.start(settings("MAX_REQUESTS_PER_MINUTE", "7",
                "TRUSTED_PROXIES", "127.0.0.0/8, ::1"), Map.of(), clock)) {
            List<Integer> statuses = parallel(20, i -> chat(gateway, "10.3.0." + i));
            assertEquals(7, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
            assertEquals(13, statuses.stream().filter(s -> s == 429).count(), statuses.toString());
        }
    }

    @Test
    void theDailyLimitPerAddressEndsAtMidnightPacificTime() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-07-16T06:59:30Z")); // 23:59:30 PDT
        try (TestGateway gateway = TestGateway.start(settings("MAX_REQUESTS_PER_DAY_PER_IP", "1"), Map.of(), clock)) {
            HttpResponse<String> first = chat(gateway, null);
            assertEquals(200, first.statusCode());
            assertEquals("30", header(first, "X-RateLimit-Reset"));
            HttpResponse<String> refused = chat(gateway, null);
            JsonNode error = rateLimited(refused);
            assertTrue(error.get("message").asText().contains("midnight Pacific time"), error.toString());
            assertEquals("30", header(refused, "Retry-After"));

            clock.advance(Duration.ofSeconds(30));
            assertEquals(200, chat(gateway, null).statusCode());
        }
    }

    /** Sends {@code n} requests at once and returns their statuses. */
    static List<Integer> parallel(int n, IntFunction<HttpResponse<String>> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch ready = new CountDownLatch(n);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return request.apply(index).statusCode();
                }));
            }
            assertTrue(ready.await(10, TimeUnit.SECONDS));
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : futures) {
                statuses.add(f.get(30, TimeUnit.SECONDS));
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }
}
