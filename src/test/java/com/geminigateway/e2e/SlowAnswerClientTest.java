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
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A whole answer (not streamed) is written by the thread that has it, HttpClient's I/O thread, with the
 * container's non-blocking output: a client that does not read its large answer must hold up nobody else,
 * and must get all of it once it reads.
 */
@Timeout(60)
class SlowAnswerClientTest {

    private static final String BIG = "y".repeat(3_000_000);

    @Test
    void clientsThatDoNotReadLargeAnswersHoldUpNoOneAndGetAllOfItOnceTheyRead() throws Exception {
        try (FakeGemini fake = FakeGemini.start();
             // Small socket buffers, so that 3 MB per answer cannot hide in them.
             TestGateway gateway = TestGateway.start(
                     Map.of("GEMINI_API_KEYS", "key-slow-answer-1234567", "GEMINI_BASE_URL", fake.baseUrl()),
                     Map.of("socket.txBufSize", "4096"))) {
            fake.onPrompt("big", Reply.text(BIG));
            fake.onPrompt("small", Reply.text("a", "b"));

            // More stalled answers than the gateway has upstream I/O threads (one per core).
            List<StalledClient> stalled = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                stalled.add(StalledClient.send(gateway.baseUrl(), chat("big please", false)));
            }
            Thread.sleep(1500); // the gateway has their answers by now, and their sockets are full

            long t0 = System.nanoTime();
            HttpResponse<InputStream> stream = Http.open(Http.postJson(gateway.baseUrl() + "/v1/chat/completions",
                    chat("small please", true)));
            assertEquals(200, stream.statusCode());
            List<String> events = SseReader.readAll(stream.body());
            assertEquals("[DONE]", events.get(events.size() - 1));
            HttpResponse<String> answer = Http.send(Http.postJson(gateway.baseUrl() + "/v1/chat/completions",
                    chat("small please", false)));
            assertEquals(200, answer.statusCode());
            assertEquals("ab", Json.MAPPER.readTree(answer.body()).at("/choices/0/message/content").asText());
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(millis < 5000, "a stream and an answer next to stalled clients took " + millis + " ms");

            for (StalledClient client : stalled) {
                try (client) {
                    StalledClient.Answer whole = client.read();
                    assertTrue(whole.status().startsWith("HTTP/1.1 200"), whole.status());
                    assertEquals(String.valueOf(whole.body().length), whole.headers().get("content-length"),
                            "a whole answer has its length, and all of it arrives");
                    String body = new String(whole.body(), StandardCharsets.UTF_8);
                    assertEquals(BIG, Json.MAPPER.readTree(body).at("/choices/0/message/content").asText());
                }
            }
        }
    }

    private static String chat(String prompt, boolean stream) {
        return "{\"model\":\"gemini-2.5-flash\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\""
                + prompt + "\"}]}";
    }
}
