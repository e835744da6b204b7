package com.geminigateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.geminigateway.json.Json;
import com.geminigateway.testing.FakeGemini;
import com.geminigateway.testing.Http;
import com.geminigateway.testing.TestGateway;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What one request may contain and how slowly it may arrive, over real HTTP. */
@Timeout(60)
class RequestLimitsTest {

    static FakeGemini fake;
    static TestGateway gateway;

    @BeforeAll
    static void start() {
        fake = FakeGemini.start();
        gateway = TestGateway.start(Map.of("GEMINI_API_KEYS", "limits-test-key-123456", "GEMINI_BASE_URL", fake.baseUrl(),
                        "MAX_MESSAGES", "3", "MAX_INLINE_DATA_MB", "1", "REQUEST_BODY_TIMEOUT_SECONDS", "1"),
                // Each single wait for client data: short here, so a stalled client is noticed quickly.
                Map.of("connectionTimeout", "1500"));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        fake.close();
    }

    static HttpResponse<String> post(String body) {
        return Http.send(Http.postJson(gateway.baseUrl() + "/v1/chat/completions", body));
    }

    static JsonNode error(HttpResponse<String> r, int status) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        return Json.MAPPER.readTree(r.body()).get("error");
    }

    static String message(String content) {
        return "{\"role\":\"user\",\"content\":" + content + "}";
    }

    @Test
    void tooManyMessagesAreRefusedLikeOpenAiDoes() throws Exception {
        String m = message("\"hi\"");
        assertEquals(200, post("{\"model\":\"gemini-2.5-flash\",\"messages\":[" + m + "," + m + "," + m + "]}").statusCode());
        JsonNode e = error(post("{\"model\":\"gemini-2.5-flash\",\"messages\":[" + m + "," + m + "," + m + "," + m + "]}"), 400);
        assertEquals("array_above_max_length", e.get("code").asText());
        assertEquals("messages", e.get("param").asText());
    }

    @Test
    void inlineImagesBeyondTheLimitAreRefusedBeforeAnythingIsSent() throws Exception {
        int before = fake.requests().size();
        String image = "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,"
                + Base64.getEncoder().encodeToString(new byte[600 * 1024]) + "\"}}";
        String body = "{\"model\":\"gemini-2.5-flash\",\"messages\":["
                + message("[{\"type\":\"text\",\"text\":\"what is this?\"}," + image + "]") + ","
                + message("[" + image + "]") + "]}";
        JsonNode e = error(post(body), 413);
        assertEquals("request_too_large", e.get("code").asText());
        assertEquals("messages[1]", e.get("param").asText());
        assertTrue(e.get("message").asText().contains("1 MB"), e.toString());
        assertEquals(before, fake.requests().size());
    }

    @Test
    void aClientThatTricklesItsBodyGets408() throws Exception {
        String response = rawPost((out, in) -> {
            // One byte every 200 ms: never silent long enough for the connector, too slow overall.
            for (int i = 0; i < 40 && in.available() == 0; i++) {
                out.write('{');
                out.flush();
                Thread.sleep(200);
            }
        });
        assertTrue(response.startsWith("HTTP/1.1 408"), response);
        assertTrue(response.contains("\"code\":\"request_timeout\""), response);
    }

    @Test
    void aClientThatStopsSendingItsBodyGets408() throws Exception {
        String response = rawPost((out, in) -> {
            out.write("{\"model\":".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // ... and nothing more: the connector's wait for data runs out.
        });
        assertTrue(response.startsWith("HTTP/1.1 408"), response);
        assertTrue(response.contains("\"type\":\"invalid_request_error\""), response);
    }

    interface BodyWriter {
        /** @param in the response, to stop sending once it has started */
        void write(OutputStream out, InputStream in) throws Exception;
    }

    /** A POST whose headers promise 1000 bytes of body, then {@code body}; returns the whole raw response. */
    static String rawPost(BodyWriter body) throws Exception {
        URI uri = URI.create(gateway.baseUrl());
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: " + uri.getHost() + "\r\n"
                    + "Authorization: Bearer " + TestGateway.PASSWORD + "\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            try {
                body.write(out, in);
            } catch (IOException closedByServer) {
                // The gateway may answer and close while we are still sending: then read what it said.
            }
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            int n;
            try {
                while ((n = in.read(buffer)) >= 0) {
                    response.write(buffer, 0, n);
                    if (response.toString(StandardCharsets.UTF_8).contains("}}")) {
                        break;
                    }
                }
            } catch (IOException reset) {
                // A reset after the response was read is fine.
            }
            return response.toString(StandardCharsets.UTF_8);
        }
    }
}
