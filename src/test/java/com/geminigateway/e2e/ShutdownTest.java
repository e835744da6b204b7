package com.geminigateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.geminigateway.json.Json;
import com.geminigateway.testing.FakeGemini;
import com.geminigateway.testing.Gate;
import com.geminigateway.testing.Http;
import com.geminigateway.testing.Reply;
import com.geminigateway.testing.SseReader;
import com.geminigateway.testing.TestGateway;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Stopping the gateway (undeploy, SIGTERM) lets running streams finish, then ends the rest properly. */
@Timeout(60)
class ShutdownTest {

    static final String STREAM = "{\"model\":\"gemini-2.5-flash\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"%s\"}]}";

    @Test
    void aRunningStreamFinishesDuringTheGracePeriod() throws Exception {
        try (FakeGemini fake = FakeGemini.start()) {
            TestGateway gateway = TestGateway.start(Map.of("GEMINI_API_KEYS", "key-shutdown-1234567",
                    "GEMINI_BASE_URL", fake.baseUrl(), "SHUTDOWN_GRACE_SECONDS", "20"));
            Gate gate = new Gate();
            fake.onPrompt("finish me", Reply.text("first ", "second").gate(1, gate));
            HttpResponse<InputStream> r = Http.open(Http.postJson(gateway.baseUrl() + "/v1/chat/completions",
                    STREAM.formatted("finish me")));
            try (SseReader sse = new SseReader(r.body())) {
                sse.next(); // role
                assertEquals("first ", Json.MAPPER.readTree(sse.next()).at("/choices/0/delta/content").asText());

                CompletableFuture<Void> stopping = CompletableFuture.runAsync(gateway::close);
                assertFalse(waitDone(stopping, Duration.ofMillis(500)), "the stop waits for the running stream");
                gate.open();
                List<String> rest = new java.util.ArrayList<>();
                for (String e = sse.next(); e != null; e = sse.next()) {
                    rest.add(e);
                }
                assertEquals("[DONE]", rest.get(rest.size() - 1), rest.toString());
                assertTrue(rest.stream().anyMatch(e -> e.contains("second")));
                stopping.get(20, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void streamsStillRunningAfterTheGracePeriodEndWithAnErrorEvent() throws Exception {
        try (FakeGemini fake = FakeGemini.start()) {
            TestGateway gateway = TestGateway.start(Map.of("GEMINI_API_KEYS", "key-shutdown-7654321",
                    "GEMINI_BASE_URL", fake.baseUrl(), "SHUTDOWN_GRACE_SECONDS", "1"));
            fake.onPrompt("never ends", Reply.endless(Duration.ofMillis(100)).maxDuration(Duration.ofSeconds(30)));
            HttpResponse<InputStream> r = Http.open(Http.postJson(gateway.baseUrl() + "/v1/chat/completions",
                    STREAM.formatted("never ends")));
            try (SseReader sse = new SseReader(r.body())) {
                sse.next();
                sse.next();
                CompletableFuture<Void> stopping = CompletableFuture.runAsync(gateway::close);
                String last = null;
                for (String e = sse.next(); e != null; e = sse.next()) {
                    last = e;
                }
                JsonNode error = Json.MAPPER.readTree(last).get("error");
                assertEquals("shutting_down", error.get("code").asText(), last);
                stopping.get(20, TimeUnit.SECONDS);
                assertTrue(fake.awaitStreamAborted(Duration.ofSeconds(5)), "the upstream stream was stopped too");
            }
        }
    }

    private static boolean waitDone(CompletableFuture<?> future, Duration wait) throws InterruptedException {
        try {
            future.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
