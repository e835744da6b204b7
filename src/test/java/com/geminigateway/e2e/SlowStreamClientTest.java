package com.geminigateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.geminigateway.json.Json;
import com.geminigateway.testing.FakeGemini;
import com.geminigateway.testing.Http;
import com.geminigateway.testing.Reply;
import com.geminigateway.testing.SseReader;
import com.geminigateway.testing.StalledClient;
import com.geminigateway.testing.TestGateway;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Stream events are written by the thread that has them (HttpClient's I/O thread), with the container's
 * non-blocking output: clients that stop reading must hold up no other stream, and must lose nothing.
 */
@Timeout(60)
class SlowStreamClientTest {

    private static final int CHUNKS = 100;
    private static final String FILL = "x".repeat(30_000);

    @Test
    void clientsThatStopReadingHoldUpNoOtherStreamAndGetEverythingOnceTheyRead() throws Exception {
        try (FakeGemini fake = FakeGemini.start();
             // Small socket buffers, so that 3 MB per stream cannot hide in them.
             TestGateway gateway = TestGateway.start(
                     Map.of("GEMINI_API_KEYS", "key-slow-client-1234567", "GEMINI_BASE_URL", fake.baseUrl()),
                     Map.of("socket.txBufSize", "4096"))) {
            String[] chunks = new String[CHUNKS];
            for (int i = 0; i < CHUNKS; i++) {
                chunks[i] = String.format("%04d", i) + FILL;
            }
            fake.onPrompt("big", Reply.text(chunks));
            fake.onPrompt("small", Reply.text("a", "b"));

            // More stalled streams than the gateway has upstream I/O threads (one per core).
            List<StalledClient> stalled = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                stalled.add(StalledClient.send(gateway.baseUrl(), body("big please")));
            }
            Thread.sleep(1500); // the gateway has their events by now, and their sockets are full

            long t0 = System.nanoTime();
            HttpResponse<InputStream> r = Http.open(Http.postJson(gateway.baseUrl() + "/v1/chat/completions",
                    body("small please")));
            assertEquals(200, r.statusCode());
            assertEquals(List.of("a", "b", "[DONE]"), contents(SseReader.readAll(r.body())));
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(millis < 5000, "a stream next to stalled ones took " + millis + " ms");

            for (StalledClient client : stalled) {
                try (client) {
                    StalledClient.Answer answer = client.read();
                    assertTrue(answer.status().startsWith("HTTP/1.1 200"), answer.status());
                    assertEquals("chunked", answer.headers().get("transfer-encoding"), "a stream is sent chunked");
                    List<String> texts = contents(SseReader.readAll(new ByteArrayInputStream(answer.body())));
                    assertEquals(CHUNKS + 1, texts.size());
                    for (int i = 0; i < CHUNKS; i++) {
                        assertEquals(chunks[i], texts.get(i), "chunk " + i);
                    }
                    assertEquals("[DONE]", texts.get(CHUNKS));
                }
            }
        }
    }

    private static String body(String prompt) {
        return "{\"model\":\"gemini-2.5-flash\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\""
                + prompt + "\"}]}";
    }

    /** The text of each content delta, and [DONE]; role-only and finish chunks are left out. */
    private static List<String> contents(List<String> events) throws IOException {
        List<String> out = new ArrayList<>();
        for (String event : events) {
            if (event.equals("[DONE]")) {
                out.add(event);
                continue;
            }
            String content = Json.MAPPER.readTree(event).at("/choices/0/delta/content").asText("");
            if (!content.isEmpty()) {
                out.add(content);
            }
        }
        return out;
    }
}
