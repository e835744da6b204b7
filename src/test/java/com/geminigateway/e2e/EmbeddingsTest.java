package com.geminigateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.geminigateway.json.Json;
import com.geminigateway.testing.FakeGemini;
import com.geminigateway.testing.Http;
import com.geminigateway.testing.Received;
import com.geminigateway.testing.TestGateway;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code POST /v1/embeddings} against the fake: single inputs, batches split at 100, base64, dimensions. */
@Timeout(30)
class EmbeddingsTest {

    static FakeGemini fake;
    static TestGateway gateway;

    @BeforeAll
    static void start() {
        fake = FakeGemini.start();
        gateway = TestGateway.start(Map.of("GEMINI_API_KEYS", "emb-key-aaaaaaaaaaaa", "GEMINI_BASE_URL", fake.baseUrl()));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        fake.close();
    }

    static JsonNode embed(String body, int status) throws Exception {
        HttpResponse<String> r = Http.send(Http.postJson(gateway.baseUrl() + "/v1/embeddings", body));
        assertEquals(status, r.statusCode(), r.body());
        return Json.MAPPER.readTree(r.body());
    }

    @Test
    void oneStringGoesToEmbedContentWithDimensionsAndAnEstimatedUsage() throws Exception {
        JsonNode r = embed("{\"model\":\"gemini-embedding-001\",\"input\":\"twelve chars\",\"dimensions\":8}", 200);
        assertEquals("list", r.get("object").asText());
        assertEquals("gemini-embedding-001", r.get("model").asText());
        assertEquals("embedding", r.at("/data/0/object").asText());
        assertEquals(8, r.at("/data/0/embedding").size());
        assertEquals(3, r.at("/usage/prompt_tokens").asInt(), "12 characters / 4");
        Received sent = fake.lastRequest();
        assertTrue(sent.path().endsWith("gemini-embedding-001:embedContent"));
        assertEquals(8, sent.json().get("outputDimensionality").asInt());
        assertEquals("models/gemini-embedding-001", sent.json().get("model").asText());
    }

    @Test
    void largeInputsAreSplitIntoBatchesOfAHundredInOrderAndBase64IsLittleEndianFloat32() throws Exception {
        int before = fake.requests(":batchEmbedContents").size();
        String inputs = IntStream.range(0, 250).mapToObj(i -> "\"text " + i + "\"").collect(Collectors.joining(","));
        JsonNode floats = embed("{\"model\":\"gemini-embedding-001\",\"dimensions\":4,\"input\":[" + inputs + "]}", 200);
        List<Received> batches = fake.requests(":batchEmbedContents");
        assertEquals(before + 3, batches.size());
        assertEquals(List.of(100, 100, 50), batches.subList(before, before + 3).stream()
                .map(b -> b.json().get("requests").size()).toList());
        assertEquals(250, floats.get("data").size());
        for (int i = 0; i < 250; i++) {
            assertEquals(i, floats.at("/data/" + i + "/index").asInt());
        }

        JsonNode encoded = embed("{\"model\":\"gemini-embedding-001\",\"dimensions\":4,\"encoding_format\":\"base64\",\"input\":[" + inputs + "]}", 200);
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(encoded.at("/data/249/embedding").asText()))
                .order(ByteOrder.LITTLE_ENDIAN);
        for (int v = 0; v < 4; v++) {
            assertEquals((float) floats.at("/data/249/embedding/" + v).asDouble(), bytes.getFloat(), "value " + v);
        }
    }

    @Test
    void tokenIdsAndEmptyInputsAreRefused() throws Exception {
        assertEquals("input", embed("{\"model\":\"gemini-embedding-001\",\"input\":[1,2,3]}", 400).at("/error/param").asText());
        assertEquals("input", embed("{\"model\":\"gemini-embedding-001\",\"input\":[]}", 400).at("/error/param").asText());
        assertEquals("encoding_format", embed("{\"model\":\"gemini-embedding-001\",\"input\":\"x\",\"encoding_format\":\"int8\"}", 400)
                .at("/error/param").asText());
    }
}
