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
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
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
            List<Socket> stalled = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                stalled.add(openStream(gateway.baseUrl(), "big please"));
            }
            Thread.sleep(1500); // the gateway has their events by now, and their sockets are full

            long t0 = System.nanoTime();
            HttpResponse<InputStream> r = Http.open(Http.postJson(gateway.baseUrl() + "/v1/chat/completions",
                    body("small please")));
            assertEquals(200, r.statusCode());
            assertEquals(List.of("a", "b", "[DONE]"), contents(SseReader.readAll(r.body())));
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(millis < 5000, "a stream next to stalled ones took " + millis + " ms");

            for (Socket socket : stalled) {
                try (socket) {
                    List<String> texts = contents(SseReader.readAll(new ByteArrayInputStream(readChunkedBody(socket))));
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

    /** A raw HTTP/1.1 client with a 4 KB receive window that sends its request and then reads nothing. */
    private static Socket openStream(String baseUrl, String prompt) throws IOException {
        URI uri = URI.create(baseUrl);
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()));
        byte[] json = body(prompt).getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nAuthorization: Bearer " + TestGateway.PASSWORD + "\r\nContent-Type: application/json"
                + "\r\nContent-Length: " + json.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(json);
        out.flush();
        return socket;
    }

    /** Reads the status line and headers, then a chunked body to its end. */
    private static byte[] readChunkedBody(Socket socket) throws IOException {
        InputStream in = new BufferedInputStream(socket.getInputStream());
        String status = line(in);
        assertTrue(status.startsWith("HTTP/1.1 200"), status);
        String header;
        boolean chunked = false;
        while (!(header = line(in)).isEmpty()) {
            chunked |= header.equalsIgnoreCase("Transfer-Encoding: chunked");
        }
        assertTrue(chunked, "a stream is sent chunked");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int size;
        while ((size = Integer.parseInt(line(in).trim(), 16)) > 0) {
            body.write(in.readNBytes(size));
            line(in);
        }
        return body.toByteArray();
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
