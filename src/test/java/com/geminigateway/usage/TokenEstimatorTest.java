package com.geminigateway.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TokenEstimatorTest {

    private static long estimate(String json) {
        return TokenEstimator.estimate(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void countsTextAtFourCharactersATokenAndIgnoresSettings() {
        String text = "x".repeat(400);
        long estimate = estimate("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"" + text + "\"}]}],"
                + "\"safetySettings\":[{\"category\":\"HARM_CATEGORY_HARASSMENT\",\"threshold\":\"BLOCK_NONE\"}]}");
        assertEquals(100, estimate);
    }

    @Test
    void aMediaPartCountsAsGooglesFlatRateWhateverItsSize() {
        String image = "A".repeat(100_000);
        long estimate = estimate("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"what is this?\"},"
                + "{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\"" + image + "\"}}]}]}");
        assertEquals(4 + 258, estimate);
    }

    @Test
    void systemInstructionsAndToolsCountToo() {
        long estimate = estimate("{\"systemInstruction\":{\"parts\":[{\"text\":\"" + "s".repeat(40) + "\"}]},"
                + "\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}],"
                + "\"tools\":[{\"functionDeclarations\":[{\"name\":\"get_weather\",\"description\":\"" + "d".repeat(40) + "\"}]}]}");
        assertTrue(estimate >= 20 + 1, "system 10 + description 10 + more: " + estimate);
        assertEquals(0, TokenEstimator.estimate(new byte[0]));
    }
}
