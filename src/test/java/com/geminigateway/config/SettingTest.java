package com.geminigateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SettingTest {

    @Test
    void namesAreUniqueAndFoundByName() {
        Set<String> names = Setting.ALL.stream().map(Setting::name).collect(Collectors.toSet());

        assertEquals(Setting.ALL.size(), names.size());
        for (Setting<?> setting : Setting.ALL) {
            assertSame(setting, Setting.byName(setting.name()).orElseThrow());
            assertFalse(setting.description().isBlank(), setting.name());
            assertTrue(setting.expectation().startsWith("expected "), setting.name());
        }
        assertEquals(Optional.empty(), Setting.byName("port"));
    }

    @Test
    void onlyKeysPasswordProxyUrlsAndTheMetricsTokenAreSecret() {
        List<String> secret = Setting.ALL.stream().filter(Setting::isSecret).map(Setting::name).toList();

        // Proxy URLs may carry a user and password.
        assertEquals(List.of("GEMINI_API_KEYS", "PASSWORD", "UPSTREAM_PROXY", "HTTPS_PROXY", "HTTP_PROXY", "METRICS_TOKEN"), secret);
    }

    @Test
    void markdownTableHasARowPerSetting() {
        String table = Setting.markdownTable();
        List<String> lines = table.lines().toList();

        assertEquals(Setting.ALL.size() + 2, lines.size());
        assertEquals("| Setting | Default | Description |", lines.get(0));
        assertTrue(table.contains("| `PORT` | `7860` | TCP port of the standalone server |"), table);
        assertTrue(table.contains("| `GEMINI_API_KEYS` | (none) |"), table);
    }
}
