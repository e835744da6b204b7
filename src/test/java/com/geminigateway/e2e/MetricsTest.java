package com.geminigateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.geminigateway.testing.FakeGemini;
import com.geminigateway.testing.Http;
import com.geminigateway.testing.KeyBehavior;
import com.geminigateway.testing.Reply;
import com.geminigateway.testing.SseReader;
import com.geminigateway.testing.MutableClock;
import com.geminigateway.testing.TestGateway;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** /metrics after known traffic: every series the README promises, with the values that traffic must give. */
@Timeout(60)
class MetricsTest {

    static final String KEY_A = "metrics-key-aaaa-1111";
    static final String KEY_B = "metrics-key-bbbb-2222";
    static final String CHAT = "{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    @Test
    void knownTrafficGivesKnownNumbers() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-05T10:00:00Z")); // frozen: no cooldown ends, no refill
        try (FakeGemini fake = FakeGemini.start();
             TestGateway gateway = TestGateway.start(Map.of("GEMINI_API_KEYS", KEY_A + "," + KEY_B,
                     "GEMINI_BASE_URL", fake.baseUrl(), "MAX_REQUESTS_PER_MINUTE_PER_IP", "4"), Map.of(), clock)) {
            String base = gateway.baseUrl();
            fake.defaultReply(Reply.text("Hi", " there").promptTokens(10).candidatesTokens(4).thoughtsTokens(3));
            assertEquals(200, Http.send(Http.authorized(base + "/v1/models")).statusCode()); // the model list is loaded
            fake.key(KEY_A, KeyBehavior.quotaPerMinute(Duration.ofSeconds(37))); // tried once, then cooling

            assertEquals(200, Http.send(Http.postJson(base + "/v1/chat/completions", CHAT)).statusCode());
            HttpResponse<java.io.InputStream> stream = Http.open(Http.postJson(base + "/v1/chat/completions",
                    CHAT.replace("{\"model\"", "{\"stream\":true,\"model\"")));
            List<String> events = SseReader.readAll(stream.body());
            assertEquals("[DONE]", events.get(events.size() - 1));
            assertEquals(200, Http.send(Http.postJson(base + "/v1/chat/completions", CHAT)).statusCode());
            assertEquals(404, Http.send(Http.postJson(base + "/v1/chat/completions",
                    CHAT.replace("gemini-2.5-flash", "gemini-made-up"))).statusCode());
            assertEquals(429, Http.send(Http.postJson(base + "/v1/chat/completions", CHAT)).statusCode());
            assertEquals(401, Http.send(Http.request(base + "/v1/models")).statusCode());

            gateway.awaitRequestsEnded();
            HttpResponse<String> scrape = Http.send(Http.request(base + "/metrics"));
            assertEquals(200, scrape.statusCode());
            assertTrue(scrape.headers().firstValue("Content-Type").orElseThrow().replace(" ", "").startsWith("text/plain;version=0.0.4"));
            List<Sample> m = parse(scrape.body());

            String flash = "gemini-2.5-flash";
            assertEquals(3, value(m, "gateway_requests_total", "route", "chat", "status", "200", "model", flash, "client", "password"));
            assertEquals(1, value(m, "gateway_requests_total", "route", "chat", "status", "404", "model", "other", "client", "password"),
                    "a model Gemini did not list is counted as 'other': no unbounded labels");
            assertEquals(1, value(m, "gateway_requests_total", "route", "chat", "status", "429", "model", "none", "client", "password"),
                    "refused by the rate limit before the body (and its model) was read");
            assertEquals(1, value(m, "gateway_requests_total", "route", "models", "status", "401", "model", "none", "client", "-"));
            assertEquals(1, value(m, "gateway_requests_total", "route", "models", "status", "200", "model", "none", "client", "password"));

            assertEquals(30, value(m, "gateway_tokens_total", "model", flash, "client", "password", "kind", "input"));
            assertEquals(12, value(m, "gateway_tokens_total", "model", flash, "client", "password", "kind", "output"));
            assertEquals(9, value(m, "gateway_tokens_total", "model", flash, "client", "password", "kind", "thinking"));

            assertEquals(1, value(m, "gateway_upstream_failures_total", "reason", "quota_minute"));
            assertEquals(1, value(m, "gateway_failovers_total", "reason", "quota_minute"));
            assertEquals(1, value(m, "gateway_key_cooldowns_total", "reason", "quota_minute"));
            assertEquals(3, value(m, "gateway_upstream_latency_seconds_count", "model", flash, "outcome", "ok"));
            assertEquals(1, value(m, "gateway_upstream_latency_seconds_count", "model", flash, "outcome", "quota_minute"));
            assertEquals(3, value(m, "gateway_upstream_latency_seconds_bucket", "model", flash, "outcome", "ok", "le", "+Inf"));
            assertEquals(1, value(m, "gateway_time_to_first_token_seconds_count", "route", "chat", "model", flash));

            // A per-minute quota cools the key for that model only: as a whole, both keys stay ACTIVE.
            assertEquals(2, value(m, "gateway_keys", "state", "ACTIVE", "model", "all"));
            assertEquals(1, value(m, "gateway_keys", "state", "COOLING", "model", flash));
            assertEquals(0, value(m, "gateway_keys", "state", "INVALID", "model", "all"));
            assertEquals(1, value(m, "gateway_rate_limit_rejections_total", "client", "password", "type", "requests"));

            assertTrue(m.stream().anyMatch(s -> s.name.equals("jvm_memory_used_bytes")), "JVM basics");
            assertTrue(m.stream().anyMatch(s -> s.name.equals("process_uptime_seconds")));
            assertTrue(m.stream().anyMatch(s -> s.name.startsWith("tomcat_threads")), "Tomcat basics on Tomcat");
        }
    }

    @Test
    void aMetricsTokenIsRequiredWhenSet() {
        String token = "metrics-token-0123456789";
        try (TestGateway gateway = TestGateway.start(Map.of("METRICS_TOKEN", token))) {
            String url = gateway.baseUrl() + "/metrics";
            HttpResponse<String> none = Http.send(Http.request(url));
            assertEquals(401, none.statusCode());
            assertEquals("Bearer realm=\"metrics\"", none.headers().firstValue("WWW-Authenticate").orElseThrow());
            assertEquals(401, Http.send(Http.request(url).header("Authorization", "Bearer " + token + "x")).statusCode());
            assertEquals(401, Http.send(Http.request(url).header("Authorization", "Bearer " + TestGateway.PASSWORD)).statusCode(),
                    "the gateway password is not the metrics token");
            HttpResponse<String> ok = Http.send(Http.request(url).header("Authorization", "Bearer " + token));
            assertEquals(200, ok.statusCode());
            assertTrue(ok.body().contains("gateway_keys"), ok.body());
        }
    }

    record Sample(String name, Map<String, String> labels, double value) {
    }

    static List<Sample> parse(String text) {
        return text.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).map(line -> {
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches()) {
                throw new AssertionError("not a Prometheus sample: " + line);
            }
            Map<String, String> labels = new HashMap<>();
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            return new Sample(m.group(1), labels, Double.parseDouble(m.group(3)));
        }).toList();
    }

    /** The value of the one sample of {@code name} with exactly these labels. */
    static double value(List<Sample> samples, String name, String... labels) {
        Map<String, String> wanted = new HashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            wanted.put(labels[i], labels[i + 1]);
        }
        List<Sample> found = samples.stream().filter(s -> s.name.equals(name) && s.labels.equals(wanted)).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one " + name + wanted + ", found " + found + " among "
                    + samples.stream().filter(s -> s.name.equals(name)).toList());
        }
        return found.get(0).value;
    }
}
