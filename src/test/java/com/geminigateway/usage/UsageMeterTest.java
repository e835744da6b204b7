package com.geminigateway.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class UsageMeterTest {

    private static final Instant T = Instant.parse("2026-11-26T18:00:00Z");

    @Test
    void theMinuteWindowSlides() {
        UsageMeter meter = new UsageMeter();
        meter.record(T, UsageDelta.request(100), T);
        meter.record(T.plusSeconds(30), UsageDelta.request(50), T.plusSeconds(30));

        UsageFigures at45 = meter.figures(T.plusSeconds(45));
        assertEquals(2, at45.requestsLastMinute());
        assertEquals(150, at45.inputTokensLastMinute());
        assertEquals(T.plusSeconds(60), at45.minuteWindowEases(), "when the oldest request leaves the window");

        UsageFigures at60 = meter.figures(T.plusSeconds(60));
        assertEquals(1, at60.requestsLastMinute(), "the first request is exactly one minute old: gone");
        assertEquals(50, at60.inputTokensLastMinute());
        assertEquals(T.plusSeconds(90), at60.minuteWindowEases());

        UsageFigures at90 = meter.figures(T.plusSeconds(90));
        assertEquals(0, at90.requestsLastMinute());
        assertNull(at90.minuteWindowEases());
        assertEquals(2, at90.requestsToday(), "the day keeps counting");
        assertEquals(150, at90.inputTokensToday());
    }

    @Test
    void aSlotIsReusedAfterAMinuteWithoutMixingOldCounts() {
        UsageMeter meter = new UsageMeter();
        meter.record(T, UsageDelta.request(10), T);
        Instant later = T.plusSeconds(120); // same slot index, two minutes on
        meter.record(later, UsageDelta.request(1), later);
        assertEquals(1, meter.figures(later).requestsLastMinute());
        assertEquals(1, meter.figures(later).inputTokensLastMinute());
        assertEquals(2, meter.figures(later).requestsToday());
    }

    @Test
    void aCorrectionLandsWhereItsRequestStarted() {
        UsageMeter meter = new UsageMeter();
        meter.record(T, UsageDelta.request(100), T);
        // The answer comes 20 s later with the real count: 80 input tokens, 30 output, 200 thinking.
        meter.record(T, new UsageDelta(0, -20, 30, 200), T.plusSeconds(20));
        UsageFigures f = meter.figures(T.plusSeconds(20));
        assertEquals(1, f.requestsLastMinute());
        assertEquals(80, f.inputTokensLastMinute());
        assertEquals(80, f.inputTokensToday());
        assertEquals(30, f.outputTokensToday());
        assertEquals(200, f.thinkingTokensToday());
        assertEquals(0, meter.figures(T.plusSeconds(61)).inputTokensLastMinute());
        // A correction for a request that left the window changes only the day.
        meter.record(T, new UsageDelta(0, 5, 0, 0), T.plusSeconds(61));
        assertEquals(0, meter.figures(T.plusSeconds(61)).inputTokensLastMinute());
        assertEquals(85, meter.figures(T.plusSeconds(61)).inputTokensToday());
    }

    @Test
    void theDayEndsAtPacificMidnightAcrossTheSpringForwardSwitch() {
        Instant lastSecond = Instant.parse("2026-03-09T06:59:59Z"); // 23:59:59 PDT on the 23-hour day
        UsageMeter meter = new UsageMeter();
        meter.record(Instant.parse("2026-03-08T08:00:00Z"), UsageDelta.request(7), Instant.parse("2026-03-08T08:00:00Z"));
        meter.record(lastSecond, UsageDelta.request(7), lastSecond);
        assertEquals(2, meter.figures(lastSecond).requestsToday());
        Instant midnight = lastSecond.plusSeconds(1);
        assertEquals(0, meter.figures(midnight).requestsToday(), "a new day");
        assertEquals(1, meter.figures(midnight).requestsLastMinute(), "but the minute still remembers");
        meter.record(midnight, UsageDelta.request(3), midnight);
        assertEquals(1, meter.figures(midnight).requestsToday());
        assertEquals(3, meter.figures(midnight).inputTokensToday());
    }

    @Test
    void theDayEndsAtPacificMidnightAcrossTheFallBackSwitch() {
        UsageMeter meter = new UsageMeter();
        Instant first = Instant.parse("2026-11-01T07:00:00Z");   // 00:00 PDT
        Instant repeated = Instant.parse("2026-11-01T09:30:00Z"); // 01:30 PST, the second 01:30
        Instant lastSecond = Instant.parse("2026-11-02T07:59:59Z"); // 23:59:59 PST, 25 hours after the start
        meter.record(first, UsageDelta.request(1), first);
        meter.record(repeated, UsageDelta.request(1), repeated);
        meter.record(lastSecond, UsageDelta.request(1), lastSecond);
        assertEquals(3, meter.figures(lastSecond).requestsToday());
        assertEquals(0, meter.figures(lastSecond.plusSeconds(1)).requestsToday());
    }

    @Test
    void aLateCorrectionForYesterdayDoesNotTouchToday() {
        Instant beforeMidnight = Instant.parse("2026-11-27T07:59:50Z");
        Instant afterMidnight = Instant.parse("2026-11-27T08:00:30Z");
        UsageMeter meter = new UsageMeter();
        meter.record(beforeMidnight, UsageDelta.request(10), beforeMidnight);
        meter.record(afterMidnight, UsageDelta.request(10), afterMidnight);
        meter.record(beforeMidnight, new UsageDelta(0, 90, 5, 0), afterMidnight.plusSeconds(1));
        UsageFigures f = meter.figures(afterMidnight.plusSeconds(1));
        assertEquals(1, f.requestsToday());
        assertEquals(10, f.inputTokensToday());
        assertEquals(2, f.requestsLastMinute());
        assertEquals(110, f.inputTokensLastMinute(), "the minute window is not about days");
    }

    @Test
    void stateSurvivesASnapshot() {
        UsageMeter meter = new UsageMeter();
        meter.record(T, UsageDelta.request(100), T);
        meter.record(T.plusSeconds(5), new UsageDelta(1, 20, 7, 3), T.plusSeconds(5));
        UsageMeter copy = UsageMeter.restore(meter.state());
        assertEquals(meter.figures(T.plusSeconds(10)), copy.figures(T.plusSeconds(10)));
        assertEquals(meter.figures(T.plusSeconds(62)), copy.figures(T.plusSeconds(62)));
        assertTrue(copy.isIdle(Instant.parse("2026-11-28T18:00:00Z")));
    }
}
