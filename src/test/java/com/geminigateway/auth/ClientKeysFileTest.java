package com.geminigateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClientKeysFileTest {

    static final String ALICE_SECRET = "gg-alice-secret";
    static final String ALICE_SHA = Sha256.of(ALICE_SECRET).hex();

    static List<ClientKey> parse(String json) throws ClientKeysFile.InvalidException {
        return ClientKeysFile.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    static List<String> problems(String json) {
        return assertThrows(ClientKeysFile.InvalidException.class, () -> parse(json)).problems();
    }

    @Test
    void readsEveryFieldAndAllowsComments() throws Exception {
        List<ClientKey> keys = parse("""
                // who may call the gateway
                {"keys": [
                  {"name": "alice", "sha256": "%s", "enabled": true, "expires": "2027-06-30",
                   "models": ["gemini-2.5-flash", "models/gemini-2.0-*"],
                   "requestsPerMinute": 10, "requestsPerDay": 1000, "tokensPerDay": 2000000,
                   "description": "Alice's laptop"},
                  {"name": "batch-job", "sha256": "%s", "enabled": false, "expires": "2027-01-01T12:00:00+01:00"},
                ]}
                """.formatted(ALICE_SHA, Sha256.of("other").hex().toUpperCase()));

        ClientKey alice = keys.get(0);
        assertEquals("alice", alice.name());
        assertTrue(alice.digest().matches(Sha256.of(ALICE_SECRET)));
        assertTrue(alice.enabled());
        // A date means: through the end of that day, Pacific time (UTC-7 in June).
        assertEquals(Optional.of(Instant.parse("2027-07-01T07:00:00Z")), alice.expires());
        assertEquals(new ClientLimits(10, 1000, 2_000_000), alice.limits());
        assertTrue(alice.models().allows("gemini-2.5-flash"));
        assertTrue(alice.models().allows("models/gemini-2.0-flash-lite"));
        assertFalse(alice.models().allows("gemini-2.5-pro"));

        ClientKey batch = keys.get(1);
        assertFalse(batch.enabled());
        assertEquals(Optional.of(Instant.parse("2027-01-01T11:00:00Z")), batch.expires());
        assertEquals(ClientLimits.NONE, batch.limits());
        assertTrue(batch.models().allows("anything"));
    }

    @Test
    void everyMistakeIsReportedNamingTheEntry() {
        List<String> problems = problems("""
                {"keys": [
                  {"name": "alice", "sha256": "%s"},
                  {"name": "bob", "sha256": "abc", "enabled": "yes", "expires": "next week", "requestPerMinute": 5,
                   "models": "gemini-2.5-flash", "tokensPerDay": -1},
                  {"name": "password", "sha256": "%s"},
                  {"name": "alice", "sha256": "%s"},
                  {"sha256": "%s"}
                ]}
                """.formatted(ALICE_SHA, Sha256.of("p").hex(), Sha256.of("p2").hex(), Sha256.of("p3").hex()));
        String all = String.join("\n", problems);
        assertTrue(all.contains("keys[1] (bob): unknown field \"requestPerMinute\""), all);
        assertTrue(all.contains("keys[1] (bob): \"sha256\" must be"), all);
        assertTrue(all.contains("keys[1] (bob): \"enabled\" must be true or false"), all);
        assertTrue(all.contains("keys[1] (bob): \"expires\" must be"), all);
        assertTrue(all.contains("keys[1] (bob): \"models\" must be a list"), all);
        assertTrue(all.contains("keys[1] (bob): \"tokensPerDay\" must be a whole number"), all);
        assertTrue(all.contains("keys[2] (password): the name \"password\" is reserved"), all);
        assertTrue(all.contains("keys[3] (alice): the name is already used by keys[0] (alice)"), all);
        assertTrue(all.contains("keys[4]: \"name\" must be"), all);
        assertFalse(all.contains(ALICE_SHA), "hashes are not repeated in messages");
    }

    @Test
    void theSameKeyTwiceIsAMistake() {
        List<String> problems = problems("""
                {"keys": [{"name": "a", "sha256": "%s"}, {"name": "b", "sha256": "%s"}]}
                """.formatted(ALICE_SHA, ALICE_SHA.toUpperCase()));
        assertEquals(List.of("keys[1] (b): the same key as keys[0] (a)"), problems);
    }

    @Test
    void theShapeMustBeAnObjectWithAKeysList() {
        assertEquals(List.of("expected an object with a \"keys\" array"), problems("[]"));
        assertEquals(List.of("expected an object with a \"keys\" array"), problems("{\"clients\": []}"));
        assertTrue(problems("{\"keys\": [").get(0).startsWith("not valid JSON"));
        assertEquals(List.of(), assertDoesNotThrowParse("{\"keys\": []}"));
    }

    @Test
    void theShippedExampleAndTheReadmeExampleAreValid() throws Exception {
        List<ClientKey> example = ClientKeysFile.parse(Files.readAllBytes(Path.of("conf/client-keys.json.example")));
        assertEquals(List.of("alice-laptop", "ci-pipeline", "bob-old-key"), example.stream().map(ClientKey::name).toList());
        assertTrue(example.get(0).digest().matches(Sha256.of("gg-alice-example-key-do-not-use")));
        assertFalse(example.get(2).enabled());

        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("```json\n", readme.indexOf("## Client access")) + "```json\n".length();
        List<ClientKey> documented = parse(readme.substring(start, readme.indexOf("```", start)));
        assertEquals(new ClientLimits(10, 1000, 2_000_000), documented.get(0).limits());
    }

    private static List<ClientKey> assertDoesNotThrowParse(String json) {
        try {
            return parse(json);
        } catch (ClientKeysFile.InvalidException e) {
            throw new AssertionError(e.getMessage());
        }
    }
}
