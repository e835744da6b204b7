package com.geminigateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;

class SecretMaskTest {

    static final String KEY = "my-configured-key-0123456789";
    static final String GOOGLE = "AIzaA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW";

    @Test
    void configuredSecretsAndGoogleShapedKeysAreMaskedWhereverTheyStand() {
        SecretMask mask = SecretMask.of(List.of(KEY, "hunter2-password", "short"));
        assertEquals("key my-c...6789 failed", mask.apply("key " + KEY + " failed"));
        assertEquals("Consumer 'api_key:AIza...tUvW' suspended", mask.apply("Consumer 'api_key:" + GOOGLE + "' suspended"));
        assertEquals("AIza...tUvW and my-c...6789", mask.apply(GOOGLE + " and " + KEY));
        assertEquals("login with hunt...word", mask.apply("login with hunter2-password"));
        assertEquals("a short word stays", mask.apply("a short word stays"), "secrets under 8 characters are not searched for");
        assertEquals("https://x/?key=my-c...6789&alt=sse", mask.apply("https://x/?key=" + KEY + "&alt=sse"));
    }

    @Test
    void theShortestMaskedSecretIsFoundEvenAsTheWholeText() {
        SecretMask mask = SecretMask.of(List.of("8charsXY"));
        assertEquals("...", mask.apply("8charsXY"));
        assertEquals("8chars", mask.apply("8chars"));
        assertEquals("", mask.apply(""));
    }

    @Test
    void textsWhereNoSecretCanBeginComeBackUntouched() {
        SecretMask mask = SecretMask.of(List.of(KEY, "hunter2-password"));
        String path = "/v1/chat/completions";
        assertSame(path, mask.apply(path));
        assertEquals("my-c and AIza alone mask nothing", mask.apply("my-c and AIza alone mask nothing"));
        assertEquals("late: hunt...word", mask.apply("late: hunter2-password"), "a secret found past other starts");
    }

    @Test
    void aLongerSecretWinsOverOneThatIsItsPrefix() {
        SecretMask mask = SecretMask.of(List.of("prefix-secret", "prefix-secret-and-more"));
        assertEquals("pref...more.", mask.apply("prefix-secret-and-more."));
    }

    @Test
    void regexCharactersInSecretsAreLiteral() {
        SecretMask mask = SecretMask.of(List.of("a.b*c+d?e(f)g[h]\\E$1"));
        assertEquals("x a.b*...\\E$1 y", mask.apply("x a.b*c+d?e(f)g[h]\\E$1 y"));
        assertEquals("aXbbc+d?e(f)g[h]", mask.apply("aXbbc+d?e(f)g[h]"));
    }

    @Test
    void scrubUsesTheInstalledMask() {
        SecretMask.install(SecretMask.of(List.of(KEY)));
        try {
            assertEquals("my-c...6789", SecretMask.scrub(KEY));
            assertEquals(null, SecretMask.scrub(null));
        } finally {
            SecretMask.install(SecretMask.of(List.of()));
        }
    }
}
