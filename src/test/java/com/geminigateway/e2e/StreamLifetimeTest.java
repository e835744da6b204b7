package com.geminigateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.geminigateway.json.Json;
import com.geminigateway.testing.FakeGemini;
import com.geminigateway.testing.Http;
import com.geminigateway.testing.Reply;
import com.geminigateway.testing.SseReader;
import com.geminigateway.testing.TestGateway;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Streams that outlive the container's async timeout, heartbeats in pauses, and the generated password. */
@Timeout(60)
class StreamLifetimeTest {

    @Test
    void aStreamOutlivesTheContainersAsyncTimeoutAndSendsHeartbeatsInPauses() throws Exception {
        try (FakeGemini fake = FakeGemini.start();
             // Tomcat's async timeout cut to 1 s (the default is 30 s): the stream below lasts about 3.6 s.
             TestGateway gateway = TestGateway.start(
                     Map.of("GEMINI_API_KEYS", "key-long-stream-123456", "GEMINI_BASE_URL", fake.baseUrl(),
                             "HEARTBEAT_SECONDS", "1"),
                     Map.of("asyncTimeout", "1000"))) {
            fake.onPrompt("slow", Reply.text("a", "b", "c", "d").chunkDelay(Duration.ofMillis(1200)));
            HttpResponse<InputStream> r = Http.open(Http.postJson(gateway.baseUrl() + "/v1/chat/completions",
                    "{\"model\":\"gemini-2.5-flash\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"slow please\"}]}"));
            assertEquals(200, r.statusCode());
            try (SseReader sse = new SseReader(r.body())) {
                List<String> text = new ArrayList<>();
                String event;
                String last = null;
                while ((event = sse.next()) != null) {
                    last = event;
                    if (!event.equals("[DONE]")) {
                        String content = Json.MAPPER.readTree(event).at("/choices/0/delta/content").asText("");
                        if (!content.isEmpty()) {
                            text.add(content);
                        }
                    }
                }
                assertEquals(List.of("a", "b", "c", "d"), text);
                assertEquals("[DONE]", last);
                assertTrue(sse.comments() >= 2, "keep-alive comments during 1.2 s pauses: " + sse.comments());
            }
        }
    }

    @Test
    void withoutAPasswordTheGatewayGeneratesAStrongOneAndKeepsIt() throws Exception {
        try (FakeGemini fake = FakeGemini.start()) {
            java.util.HashMap<String, String> settings = new java.util.HashMap<>();
            settings.put("GEMINI_API_KEYS", "key-password-test-12345");
            settings.put("GEMINI_BASE_URL", fake.baseUrl());
            settings.put("PASSWORD", null);
            String password;
            try (TestGateway gateway = TestGateway.start(settings)) {
                password = Files.readString(gateway.dataDir().resolve("password")).strip();
                assertTrue(password.length() >= 32, password.length() + " characters");
                assertEquals(401, Http.send(Http.request(gateway.baseUrl() + "/v1/models")
                        .header("Authorization", "Bearer " + TestGateway.PASSWORD)).statusCode());
                assertEquals(200, Http.send(Http.request(gateway.baseUrl() + "/v1/models")
                        .header("Authorization", "Bearer " + password)).statusCode());
            }
        }
    }
}
