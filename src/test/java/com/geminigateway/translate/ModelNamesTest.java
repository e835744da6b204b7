package com.geminigateway.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.geminigateway.errors.GatewayException;
import org.junit.jupiter.api.Test;

class ModelNamesTest {

    @Test
    void safeIdsStartWithALetterOrDigitAndHoldOnlyUrlSafeCharacters() {
        assertTrue(ModelNames.isSafeId("gemini-2.5-flash"));
        assertTrue(ModelNames.isSafeId("Gemini_2.5-Flash-001"));
        assertTrue(ModelNames.isSafeId("7"));
        assertTrue(ModelNames.isSafeId("a".repeat(128)));
        assertFalse(ModelNames.isSafeId("a".repeat(129)));
        assertFalse(ModelNames.isSafeId(""));
        for (String unsafe : new String[]{".hidden", "-x", "_x", "a/b", "a b", "a:generateContent", "a?x", "a%2F", "é",
                "gemini\u00e9", "a\n"}) {
            assertFalse(ModelNames.isSafeId(unsafe), unsafe);
        }
    }

    @Test
    void theModelsPrefixIsDroppedAndAnythingElseIsA400OnTheModelField() {
        assertEquals("gemini-2.5-pro", ModelNames.normalize("models/gemini-2.5-pro"));
        GatewayException e = assertThrows(GatewayException.class, () -> ModelNames.normalize("models/../x"));
        assertEquals("model", e.param());
        assertEquals("Invalid model name 'models/../x'.", e.getMessage());
    }
}
