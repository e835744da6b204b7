package com.geminigateway.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.geminigateway.usage.UsageReport.Advice;
import org.junit.jupiter.api.Test;

class KeyCountAdviceTest {

    /** Four projects of 250 requests a day: 1,000 together. */
    private static final ModelLimit FOUR_FREE = new ModelLimit(20L, 1_000_000L, 1000L, null);

    @Test
    void aboveEightyFivePercentItAsksForEnoughProjectsToRunAtSeventy() {
        Advice advice = KeyCountAdvice.advise("m", 4, FOUR_FREE, 900L, 700.0, null);
        assertEquals(Advice.Kind.ADD, advice.kind());
        assertEquals(6, advice.projects(), "900 / (250 x 0.7) = 5.1, rounded up");
        assertTrue(advice.text().contains("90%"), advice.text());
    }

    @Test
    void theWeeklyAverageCountsWhenItIsHigherThanTodaysProjection() {
        assertEquals(Advice.Kind.ADD, KeyCountAdvice.advise("m", 4, FOUR_FREE, 100L, 990.0, null).kind());
    }

    @Test
    void belowThirtyPercentItSuggestsFewerButNeverNone() {
        Advice advice = KeyCountAdvice.advise("m", 4, FOUR_FREE, 100L, 50.0, null);
        assertEquals(Advice.Kind.REDUCE, advice.kind());
        assertEquals(1, advice.projects(), "100 / (250 x 0.5) + 1 = 1");
        assertEquals(Advice.Kind.KEEP, KeyCountAdvice.advise("m", 1, new ModelLimit(null, null, 250L, null), 10L, null, null).kind());
    }

    @Test
    void inBetweenItKeepsAndWithoutLimitsItCannotTell() {
        assertEquals(Advice.Kind.KEEP, KeyCountAdvice.advise("m", 4, FOUR_FREE, 500L, 400.0, null).kind());
        Advice unknown = KeyCountAdvice.advise("m", 4, ModelLimit.NONE, 500L, null, null);
        assertEquals(Advice.Kind.UNKNOWN, unknown.kind());
        assertNull(unknown.projects());
        assertEquals(Advice.Kind.NO_KEY, KeyCountAdvice.advise("m", 0, ModelLimit.NONE, null, null, null).kind());
    }

    @Test
    void tokensAloneCanAskForMoreProjects() {
        ModelLimit limit = new ModelLimit(null, null, 1000L, 4_000_000L);
        Advice advice = KeyCountAdvice.advise("m", 4, limit, 100L, null, 3_800_000L);
        assertEquals(Advice.Kind.ADD, advice.kind());
        assertEquals(6, advice.projects());
    }
}
