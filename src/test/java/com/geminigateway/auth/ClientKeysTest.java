package com.geminigateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.geminigateway.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientKeysTest {

    @TempDir
    Path dir;

    static String file(String... entries) {
        return "{\"keys\": [" + String.join(",", entries) + "]}";
    }

    static String entry(String name, boolean enabled) {
        return "{\"name\": \"" + name + "\", \"sha256\": \"" + Sha256.of(name + "-secret").hex() + "\", \"enabled\": " + enabled + "}";
    }

    static List<String> names(ClientKeys keys) {
        return keys.current().stream().map(k -> k.name() + (k.enabled() ? "" : "(off)")).toList();
    }

    @Test
    void aMissingFileMeansNoClientKeysUntilItAppears() throws Exception {
        Path path = dir.resolve("client-keys.json");
        ClientKeys keys = ClientKeys.load(path);
        assertEquals(List.of(), keys.current());
        assertFalse(keys.reloadIfChanged());

        Files.writeString(path, file(entry("alice", true)));
        assertTrue(keys.reloadIfChanged());
        assertEquals(List.of("alice"), names(keys));
    }

    @Test
    void editsAreAppliedAndUnchangedContentIsNotReparsed() throws Exception {
        Path path = dir.resolve("client-keys.json");
        Files.writeString(path, file(entry("alice", true), entry("bob", true)));
        ClientKeys keys = ClientKeys.load(path);
        assertEquals(List.of("alice", "bob"), names(keys));
        assertFalse(keys.reloadIfChanged());

        Files.writeString(path, file(entry("alice", false), entry("bob", true)));
        assertTrue(keys.reloadIfChanged());
        assertEquals(List.of("alice(off)", "bob"), names(keys));
    }

    @Test
    void aBrokenEditKeepsThePreviousKeysAndDeletionRemovesThemAll() throws Exception {
        Path path = dir.resolve("client-keys.json");
        Files.writeString(path, file(entry("alice", true)));
        ClientKeys keys = ClientKeys.load(path);

        Files.writeString(path, "{\"keys\": [ {\"name\": ");
        assertFalse(keys.reloadIfChanged());
        assertEquals(List.of("alice"), names(keys));

        Files.delete(path);
        assertTrue(keys.reloadIfChanged());
        assertEquals(List.of(), keys.current());
    }

    @Test
    void anInvalidFileStopsStartUpWithEveryProblem() throws Exception {
        Path path = dir.resolve("client-keys.json");
        Files.writeString(path, file("{\"name\": \"x\", \"sha256\": \"nope\", \"requestsPerDay\": \"many\"}"));
        ConfigException e = assertThrows(ConfigException.class, () -> ClientKeys.load(path));
        assertEquals(2, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(0).startsWith("CLIENT_KEYS_FILE " + path + ": keys[0] (x)"), e.getMessage());
    }
}
