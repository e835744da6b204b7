package com.geminigateway.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.geminigateway.config.ConfigException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ModelLimitsTest {

    static ModelLimits parse(String json) throws Exception {
        return ModelLimits.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test");
    }

    @Test
    void readsTiersAndLimitsForEveryTier() throws Exception {
        ModelLimits limits = parse("""
                {"_readme": "comments are fine",
                 "models": {
                   "m-tiered": {"free": {"rpm": 5, "tpm": 250000, "rpd": 20}, "tier1": {"rpm": 1000, "rpd": null}},
                   "m-flat": {"rpm": 30, "tpm": 15000, "rpd": 14400, "_note": "same everywhere"}
                 }}""");
        assertEquals(new ModelLimit(5L, 250000L, 20L, null), limits.of("m-tiered", "free"));
        assertEquals(new ModelLimit(1000L, null, null, null), limits.of("m-tiered", "tier1"));
        assertEquals(ModelLimit.NONE, limits.of("m-tiered", "tier2"), "a tier the model does not list: unknown");
        assertEquals(new ModelLimit(30L, 15000L, 14400L, null), limits.of("m-flat", "tier3"));
        assertEquals(ModelLimit.NONE, limits.of("unknown-model", "free"));
        assertTrue(limits.tiers().contains("free") && limits.tiers().contains("tier1"));
    }

    @Test
    void everyMistakeIsNamedAtOnce() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("""
                {"models": {"a": {"rpm": -1, "rpmm": 3}, "b": {"free": {"tpd": "many"}}, "c": 7}}"""));
        String message = e.getMessage();
        assertTrue(message.contains("models.a.rpm"), message);
        assertTrue(message.contains("unknown limit 'rpmm'"), message);
        assertTrue(message.contains("models.b.free.tpd"), message);
        assertTrue(message.contains("models.c: expected an object"), message);
        assertThrows(ConfigException.class, () -> parse("{\"models\": "));
        assertThrows(ConfigException.class, () -> parse("[]"));
    }

    @Test
    void theShippedFileLoadsAndTheBuiltInCopyStandsInForAMissingFile() {
        ModelLimits shipped = ModelLimits.load(Path.of("conf/model_limits.json"));
        assertEquals(20L, shipped.of("gemini-2.5-flash", "free").rpd());
        assertNull(shipped.of("gemini-2.5-pro", "free").rpm(), "Pro has no free tier: learned as limit 0 at run time");
        ModelLimits builtIn = ModelLimits.load(Path.of("does/not/exist.json"));
        assertTrue(builtIn.origin().contains("built-in"), builtIn.origin());
        assertEquals(shipped.models(), builtIn.models());
        assertFalse(builtIn.models().isEmpty());
    }
}
