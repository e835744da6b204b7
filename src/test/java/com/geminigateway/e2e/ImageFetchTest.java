package com.geminigateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.geminigateway.json.Json;
import com.geminigateway.testing.FakeGemini;
import com.geminigateway.testing.Http;
import com.geminigateway.testing.TestGateway;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code IMAGE_URLS=fetch}: the gateway downloads http(s) images itself, within limits, and never from a
 * non-public address unless {@code IMAGE_FETCH_ALLOW_PRIVATE} says so (this test's image server is on loopback).
 */
@Timeout(30)
class ImageFetchTest {

    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 1, 2, 3};

    static FakeGemini fake;
    static HttpServer images;
    static TestGateway trusting;
    static TestGateway guarded;

    @BeforeAll
    static void start() throws IOException {
        fake = FakeGemini.start();
        images = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        images.createContext("/cat.png", x -> reply(x, 200, "image/png", PNG));
        images.createContext("/page.html", x -> reply(x, 200, "text/html", "<html></html>".getBytes()));
        images.createContext("/big.png", x -> reply(x, 200, "image/png", new byte[2 * 1024 * 1024]));
        images.createContext("/moved.png", x -> {
            x.getResponseHeaders().set("Location", "/cat.png");
            reply(x, 302, "text/plain", new byte[0]);
        });
        images.start();
        Map<String, String> common = Map.of("GEMINI_API_KEYS", "img-key-aaaaaaaaaaaa", "GEMINI_BASE_URL", fake.baseUrl(),
                "IMAGE_URLS", "fetch", "IMAGE_FETCH_MAX_MB", "1");
        trusting = TestGateway.start(with(common, "IMAGE_FETCH_ALLOW_PRIVATE", "true"));
        guarded = TestGateway.start(common);
    }

    static Map<String, String> with(Map<String, String> base, String name, String value) {
        java.util.HashMap<String, String> copy = new java.util.HashMap<>(base);
        copy.put(name, value);
        return copy;
    }

    static void reply(com.sun.net.httpserver.HttpExchange x, int status, String type, byte[] body) throws IOException {
        x.getResponseHeaders().set("Content-Type", type);
        x.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            x.getResponseBody().write(body);
        }
        x.close();
    }

    @AfterAll
    static void stop() {
        trusting.close();
        guarded.close();
        images.stop(0);
        fake.close();
    }

    static HttpResponse<String> ask(TestGateway gateway, String imageUrl) {
        return Http.send(Http.postJson(gateway.baseUrl() + "/v1/chat/completions",
                "{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"what\"},"
                        + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"" + imageUrl + "\"}}]}]}"));
    }

    static String imageBase() {
        return "http://127.0.0.1:" + images.getAddress().getPort();
    }

    static String error(HttpResponse<String> r) throws Exception {
        assertEquals(400, r.statusCode(), r.body());
        JsonNode error = Json.MAPPER.readTree(r.body()).get("error");
        assertEquals("invalid_request_error", error.get("type").asText());
        return error.get("message").asText();
    }

    @Test
    void downloadsTheImageAndSendsItInline() throws Exception {
        HttpResponse<String> r = ask(trusting, imageBase() + "/cat.png");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode inline = fake.lastRequest().json().at("/contents/0/parts/1/inlineData");
        assertEquals("image/png", inline.get("mimeType").asText());
        assertEquals(Base64.getEncoder().encodeToString(PNG), inline.get("data").asText());
    }

    @Test
    void refusesNonImagesOversizedImagesAndRedirects() throws Exception {
        assertTrue(error(ask(trusting, imageBase() + "/page.html")).contains("text/html"));
        assertTrue(error(ask(trusting, imageBase() + "/big.png")).contains("larger than 1 MB"));
        assertTrue(error(ask(trusting, imageBase() + "/moved.png")).contains("redirect"));
        assertTrue(error(ask(trusting, "http://127.0.0.1:1/closed.png")).contains("could not be downloaded"));
    }

    @Test
    void neverFetchesFromLoopbackOrPrivateAddressesByDefault() throws Exception {
        assertTrue(error(ask(guarded, imageBase() + "/cat.png")).contains("non-public address"));
        assertTrue(error(ask(guarded, "http://localhost:" + images.getAddress().getPort() + "/cat.png")).contains("non-public"));
        assertTrue(error(ask(guarded, "http://[::1]:" + images.getAddress().getPort() + "/cat.png")).contains("non-public"));
        assertTrue(error(ask(guarded, "http://169.254.169.254/latest/meta-data")).contains("non-public"));
    }
}
