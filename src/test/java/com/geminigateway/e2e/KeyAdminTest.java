package com.geminigateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.geminigateway.keys.ApiKey;
import com.geminigateway.testing.FakeGemini;
import com.geminigateway.testing.Http;
import com.geminigateway.testing.TestGateway;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The administration API: keys added, disabled, enabled, removed and reloaded at run time, over real HTTP. */
@Timeout(30)
class KeyAdminTest {

    static final String ONE = "admin-key-one-11111111111";
    static final String TWO = "admin-key-two-22222222222";
    static final String NEW = "admin-key-new-33333333333";

    @TempDir
    Path dir;
    FakeGemini fake;
    TestGateway gateway;
    PoolAdmin admin;

    @BeforeEach
    void start() throws Exception {
        fake = FakeGemini.start();
        // The keys come from a properties file, so a reload can see them change.
        Files.writeString(dir.resolve("gateway.properties"), "GEMINI_API_KEYS=" + ONE + "," + TWO + "\n");
        gateway = TestGateway.start(Map.of("GATEWAY_CONFIG", dir.resolve("gateway.properties").toString(),
                "GEMINI_BASE_URL", fake.baseUrl()));
        admin = new PoolAdmin(gateway);
    }

    @AfterEach
    void stop() {
        gateway.close();
        fake.close();
    }

    long chatsWith(String key) {
        return fake.requests(":generateContent").stream().filter(r -> key.equals(r.apiKey())).count();
    }

    void chat(int times) {
        for (int i = 0; i < times; i++) {
            assertEquals(200, Http.send(Http.postJson(gateway.baseUrl() + "/v1/chat/completions",
                    "{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).statusCode());
        }
    }

    @Test
    void onlyTheGatewayPasswordAsBearerOpensIt() {
        assertEquals(401, Http.send(Http.request(admin.url("/keys"))).statusCode());
        HttpResponse<String> wrong = Http.send(Http.request(admin.url("/keys")).header("Authorization", "Bearer nope"));
        assertEquals(401, wrong.statusCode());
        assertEquals("invalid_api_key", PoolAdmin.json(wrong.body()).at("/error/code").asText());
        assertEquals(401, Http.send(Http.request(admin.url("/keys")).header("x-api-key", TestGateway.PASSWORD)).statusCode(),
                "client-style headers are not enough");
        assertEquals(200, admin.get("/keys").statusCode());
        assertEquals(404, admin.get("/nothing").statusCode());
    }

    @Test
    void listsKeysWithoutEverShowingASecret() {
        HttpResponse<String> r = admin.get("/keys");
        assertEquals(200, r.statusCode());
        assertFalse(r.body().contains(ONE) || r.body().contains(TWO), r.body());
        JsonNode one = admin.key(ONE);
        assertEquals(ApiKey.idOf(ONE), one.get("id").asText());
        assertEquals("admi...1111", one.get("alias").asText());
        assertEquals("CONFIGURED", one.get("origin").asText());
        assertEquals("free", one.get("tier").asText());
        assertEquals("ACTIVE", one.get("state").asText());
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElseThrow());
    }

    @Test
    void aKeyAddedAtRunTimeServesAtOnce() {
        HttpResponse<String> added = admin.post("/keys", "{\"key\":\"" + NEW + "\",\"project\":\"team-x\",\"tier\":\"tier1\"}");
        assertEquals(201, added.statusCode(), added.body());
        JsonNode view = PoolAdmin.json(added.body());
        assertEquals("team-x", view.get("project").asText());
        assertEquals("tier1", view.get("tier").asText());
        assertEquals("ADDED", view.get("origin").asText());
        assertFalse(added.body().contains(NEW));
        chat(3);
        assertEquals(1, chatsWith(NEW), "the least recently used key");

        assertEquals(409, admin.post("/keys", "{\"key\":\"" + NEW + "\"}").statusCode());
        assertEquals(400, admin.post("/keys", "{\"project\":\"p\"}").statusCode());
        assertEquals(400, admin.post("/keys", "{\"key\":\"a@b@c\"}").statusCode());
        assertEquals(400, admin.post("/keys", "not json").statusCode());
    }

    @Test
    void aDisabledKeyRestsUntilEnabledAndARemovedKeyIsGone() {
        String one = ApiKey.idOf(ONE);
        HttpResponse<String> disabled = admin.post("/keys/" + one + "/disable", null);
        assertEquals(200, disabled.statusCode(), disabled.body());
        assertEquals("DISABLED", PoolAdmin.json(disabled.body()).get("state").asText());
        chat(3);
        assertEquals(0, chatsWith(ONE));
        assertEquals("ACTIVE", PoolAdmin.json(admin.post("/keys/" + one + "/enable", null).body()).get("state").asText());
        chat(2);
        assertEquals(1, chatsWith(ONE));

        HttpResponse<String> removed = admin.delete("/keys/" + one);
        assertEquals(200, removed.statusCode());
        assertEquals(one, PoolAdmin.json(removed.body()).get("removed").asText());
        chat(2);
        assertEquals(1, chatsWith(ONE));
        assertEquals(404, admin.delete("/keys/" + one).statusCode());
        assertEquals(404, admin.post("/keys/nope/disable", null).statusCode());
    }

    @Test
    void aReloadReadsTheConfiguredKeysAgainAndKeepsCounters() throws Exception {
        chat(2);
        admin.post("/keys", "{\"key\":\"" + NEW + "\"}");
        Files.writeString(dir.resolve("gateway.properties"), "GEMINI_API_KEYS=" + TWO + "@team-y\n");
        HttpResponse<String> r = admin.post("/keys/reload", null);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode result = PoolAdmin.json(r.body());
        assertEquals(ApiKey.idOf(ONE), result.at("/removed/0").asText());
        assertEquals(ApiKey.idOf(TWO), result.at("/changed/0").asText());
        JsonNode keys = PoolAdmin.json(admin.get("/keys").body()).get("keys");
        assertEquals(2, keys.size(), "TWO from the configuration, NEW added at run time");
        assertEquals("team-y", admin.key(TWO).get("project").asText());
        assertEquals(1, admin.model(TWO, "gemini-2.5-flash").at("/usage/requestsToday").asLong(), "its counters survived");

        Files.writeString(dir.resolve("gateway.properties"), "GEMINI_API_KEYS=bad@@entry\n");
        HttpResponse<String> broken = admin.post("/keys/reload", null);
        assertEquals(400, broken.statusCode());
        assertTrue(broken.body().contains("GEMINI_API_KEYS"), broken.body());
        assertEquals(2, PoolAdmin.json(admin.get("/keys").body()).get("keys").size(), "a bad file changes nothing");
    }

    @Test
    void theUsageReportIsAvailableAsJson() {
        chat(1);
        JsonNode report = PoolAdmin.json(admin.get("/usage").body());
        assertEquals(2, report.get("keys").asInt());
        assertEquals(2, report.at("/keysByState/ACTIVE").asInt());
        assertEquals(1, admin.usage("gemini-2.5-flash").at("/today/requests").asLong());
        assertEquals("UNKNOWN", admin.usage("gemini-2.5-flash").at("/advice/kind").asText(), "no limits in this test");
    }
}
