package com.geminigateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayConfigTest {

    private static final String KEY = "AIzaSyD-0123456789abcdefghijklmnopx1Yz";
    private static final String PASSWORD = "correct-horse-battery";

    private static GatewayConfig withSecrets() {
        return ConfigLoader.fromValues(Map.of("GEMINI_API_KEYS", KEY + ",short", "PASSWORD", PASSWORD));
    }

    @Test
    void toStringMasksKeysAndHidesPassword() {
        String text = withSecrets().toString();

        assertFalse(text.contains(KEY), text);
        assertFalse(text.contains(PASSWORD), text);
        assertTrue(text.contains("geminiApiKeys=[AIza...x1Yz, ****]"), text);
        assertTrue(text.contains("password=***"), text);
        assertTrue(text.contains("port=7860"), text);
    }

    @Test
    void toStringShowsAnAbsentPasswordAsNotSet() {
        assertTrue(ConfigLoader.defaults().toString().contains("password=(not set)"));
    }

    @Test
    void describeListsEverySettingInOrderWithSecretsSummarised() {
        Map<String, String> shown = withSecrets().describe();

        assertEquals(Setting.ALL.stream().map(Setting::name).toList(), new ArrayList<>(shown.keySet()));
        assertEquals("2 keys", shown.get("GEMINI_API_KEYS"));
        assertEquals("set", shown.get("PASSWORD"));
        assertEquals("7860", shown.get("PORT"));
        assertEquals("32", shown.get("MAX_REQUEST_BODY_MB"));
        assertEquals("https://generativelanguage.googleapis.com", shown.get("GEMINI_BASE_URL"));
        assertEquals("(none)", shown.get("GATEWAY_CONFIG"));
        assertFalse(shown.toString().contains(KEY));
        assertFalse(shown.toString().contains(PASSWORD));
    }

    @Test
    void describeOfDefaults() {
        Map<String, String> shown = ConfigLoader.defaults().describe();

        assertEquals("0 keys", shown.get("GEMINI_API_KEYS"));
        assertEquals("not set (generated)", shown.get("PASSWORD"));
        assertEquals("1 key", ConfigLoader.fromValues(Map.of("GEMINI_API_KEYS", "k")).describe().get("GEMINI_API_KEYS"));
    }

    @Test
    void describedValuesReadBackToTheSameConfiguration() {
        Map<String, String> values = new HashMap<>();
        values.put("PORT", "8081");
        values.put("MAX_REQUEST_BODY_MB", "7");
        values.put("MAX_LOG_SIZE", "12");
        values.put("REPORT_LOG_LEVEL", "warning");
        values.put("MODELS_REFRESH_MINUTES", "90");
        values.put("DISABLE_SAFETY_FILTERING", "yes");
        GatewayConfig original = ConfigLoader.fromValues(values);

        Map<String, String> shown = new HashMap<>(original.describe());
        shown.keySet().removeIf(name -> Setting.byName(name).orElseThrow().isSecret() || name.equals("GATEWAY_CONFIG"));

        assertEquals(original, ConfigLoader.fromValues(shown));
    }

    @Test
    void keyListIsImmutableAndCopied() {
        List<String> keys = new ArrayList<>(List.of("a"));
        GatewayConfig d = ConfigLoader.defaults();
        GatewayConfig c = new GatewayConfig(d.server(), d.upstream(), d.limits(), d.access(), d.logging(), d.reports(),
                d.pool(), keys, d.password(), d.heartbeatInterval(), d.modelsRefresh(), false, true, false, d.dataDir(),
                d.configFile(), d.conversion(), d.imageFetch(), d.monitoring());
        keys.add("b");

        assertEquals(List.of("a"), c.geminiApiKeys());
        assertThrows(UnsupportedOperationException.class, () -> c.geminiApiKeys().add("c"));
    }
}
