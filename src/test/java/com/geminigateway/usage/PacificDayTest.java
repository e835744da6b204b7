package com.geminigateway.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class PacificDayTest {

    @Test
    void theDayChangesAtMidnightInLosAngelesNotUtc() {
        // 07:59 UTC in summer is 00:59 PDT (UTC-7); 06:59 UTC is still the evening before.
        assertEquals(LocalDate.of(2026, 7, 15), PacificDay.dayOf(Instant.parse("2026-07-15T07:59:00Z")));
        assertEquals(LocalDate.of(2026, 7, 14), PacificDay.dayOf(Instant.parse("2026-07-15T06:59:59Z")));
        // In winter the offset is UTC-8.
        assertEquals(LocalDate.of(2026, 1, 9), PacificDay.dayOf(Instant.parse("2026-01-10T07:59:59Z")));
        assertEquals(LocalDate.of(2026, 1, 10), PacificDay.dayOf(Instant.parse("2026-01-10T08:00:00Z")));
    }

    @Test
    void nextMidnightIsTheStartOfTheNextPacificDay() {
        assertEquals(Instant.parse("2026-07-16T07:00:00Z"), PacificDay.nextMidnight(Instant.parse("2026-07-15T07:00:00Z")));
        assertEquals(Instant.parse("2026-07-16T07:00:00Z"), PacificDay.nextMidnight(Instant.parse("2026-07-16T06:59:59.999Z")));
        assertEquals(Instant.parse("2026-01-11T08:00:00Z"), PacificDay.nextMidnight(Instant.parse("2026-01-10T08:00:00Z")));
    }

    @Test
    void daysAroundDaylightSavingChangesLast23And25Hours() {
        Instant springForwardDay = Instant.parse("2026-03-08T08:00:00Z"); // 00:00 PST on 8 March
        assertEquals(Duration.ofHours(23), Duration.between(springForwardDay, PacificDay.nextMidnight(springForwardDay)));
        Instant fallBackDay = Instant.parse("2026-11-01T07:00:00Z"); // 00:00 PDT on 1 November
        assertEquals(Duration.ofHours(25), Duration.between(fallBackDay, PacificDay.nextMidnight(fallBackDay)));
    }
}
