package com.geminigateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.geminigateway.json.Json;
import com.geminigateway.testing.FakeGemini;
import com.geminigateway.testing.Http;
import com.geminigateway.testing.Reply;
import com.geminigateway.testing.SseReader;
import com.geminigateway.testing.TestGateway;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
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
            List<Socket> stalled = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                stalled.add(send(gateway.baseUrl(), chat("big please", false)));
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

            for (Socket socket : stalled) {
                try (socket) {
                    String body = new String(readBody(socket), StandardCharsets.UTF_8);
                    assertEquals(BIG, Json.MAPPER.readTree(body).at("/choices/0/message/content").asText());
                }
            }
        }
    }

    private static String chat(String prompt, boolean stream) {
        return "{\"model\":\"gemini-2.5-flash\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\""
                + prompt + "\"}]}";
    }

    /** A raw HTTP/1.1 client with a 4 KB receive window that sends its request and then reads nothing. */
    private static Socket send(String baseUrl, String body) throws IOException {
        URI uri = URI.create(baseUrl);
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()));
        byte[] json = body.getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nAuthorization: Bearer " + TestGateway.PASSWORD + "\r\nContent-Type: application/json"
                + "\r\nContent-Length: " + json.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(json);
        out.flush();
        return socket;
    }

    /** Reads the status line and headers, then a body of the announced Content-Length. */
    private static byte[] readBody(Socket socket) throws IOException {
        InputStream in = new BufferedInputStream(socket.getInputStream());
        String status = line(in);
        assertTrue(status.startsWith("HTTP/1.1 200"), status);
        String header;
        int length = -1;
        while (!(header = line(in)).isEmpty()) {
            if (header.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(header.substring(15).trim());
            }
        }
        assertTrue(length > BIG.length(), "a whole answer has its length: " + length);
        byte[] body = in.readNBytes(length);
        assertEquals(length, body.length);
        return body;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("connection closed mid-line: " + sb);
            }
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }
}
