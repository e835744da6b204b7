package com.geminigateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MaskingTest {

    @Test
    void longSecretShowsFirstAndLastFourCharacters() {
        assertEquals("AIza...x1Yz", Masking.mask("AIzaSyD-abcdefghijklmnopqrstuvwx1Yz"));
    }

    @Test
    void twelveCharactersIsTheShortestSecretThatIsPartlyShown() {
        assertEquals("abcd...ijkl", Masking.mask("abcdefghijkl"));
        assertEquals("****", Masking.mask("abcdefghijk"));
    }

    @Test
    void shortAndEmptySecretsAreFullyHidden() {
        assertEquals("****", Masking.mask("abc"));
        assertEquals("****", Masking.mask(""));
    }

    @Test
    void nullIsShownAsNone() {
        assertEquals("(none)", Masking.mask(null));
    }
}
