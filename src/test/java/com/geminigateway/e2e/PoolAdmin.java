package com.geminigateway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.geminigateway.json.Json;
import com.geminigateway.keys.ApiKey;
import com.geminigateway.testing.Http;
import com.geminigateway.testing.TestGateway;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The key pool as the administration API shows it, for end-to-end assertions. */
final class PoolAdmin {

    private final TestGateway gateway;

    PoolAdmin(TestGateway gateway) {
        this.gateway = gateway;
    }

    String url(String path) {
        return gateway.baseUrl() + "/admin/api" + path;
    }

    HttpResponse<String> get(String path) {
        return Http.send(Http.authorized(url(path)));
    }

    HttpResponse<String> post(String path, String json) {
        return Http.send(Http.authorized(url(path)).header("Content-Type", "application/json")
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> delete(String path) {
        return Http.send(Http.authorized(url(path)).DELETE());
    }

    /** The admin view of the key with this secret. */
    JsonNode key(String secret) {
        String id = ApiKey.idOf(secret);
        for (JsonNode key : json(get("/keys").body()).get("keys")) {
            if (key.get("id").asText().equals(id)) {
                return key;
            }
        }
        throw new AssertionError("no key " + id + " in the pool");
    }

    /** The state of a key for a model ("ACTIVE" when the key has no entry for it). */
    String state(String secret, String model) {
        JsonNode key = key(secret);
        if (!"ACTIVE".equals(key.get("state").asText())) {
            return key.get("state").asText();
        }
        for (JsonNode m : key.get("models")) {
            if (m.get("model").asText().equals(model)) {
                return m.get("state").asText();
            }
        }
        return "ACTIVE";
    }

    JsonNode model(String secret, String model) {
        for (JsonNode m : key(secret).get("models")) {
            if (m.get("model").asText().equals(model)) {
                return m;
            }
        }
        throw new AssertionError("key has no entry for " + model);
    }

    /** The usage report's entry for a model. */
    JsonNode usage(String model) {
        for (JsonNode m : json(get("/usage").body()).get("models")) {
            if (m.get("model").asText().equals(model)) {
                return m;
            }
        }
        throw new AssertionError("no usage for " + model);
    }

    static JsonNode json(String body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
