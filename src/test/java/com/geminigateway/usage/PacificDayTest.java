package com.geminigateway.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class PacificDayTest {

    @Test
    void theDayChangesAtPacificMidnightNotUtcMidnight() {
        // 2026-11-26 is in standard time (UTC-8): the Pacific day starts at 08:00 UTC.
        assertEquals(LocalDate.parse("2026-11-25"), PacificDay.dayOf(Instant.parse("2026-11-26T07:59:59Z")));
        assertEquals(LocalDate.parse("2026-11-26"), PacificDay.dayOf(Instant.parse("2026-11-26T08:00:00Z")));
        assertEquals(Instant.parse("2026-11-27T08:00:00Z"), PacificDay.nextMidnight(Instant.parse("2026-11-26T08:00:00Z")));
        // In summer (UTC-7) it starts at 07:00 UTC.
        assertEquals(Instant.parse("2026-07-02T07:00:00Z"), PacificDay.nextMidnight(Instant.parse("2026-07-01T23:00:00Z")));
    }

    @Test
    void theSpringForwardDayHas23Hours() {
        // 2026-03-08: 02:00 PST becomes 03:00 PDT.
        Instant start = Instant.parse("2026-03-08T08:00:00Z");
        assertEquals(LocalDate.parse("2026-03-08"), PacificDay.dayOf(start));
        Instant end = PacificDay.nextMidnight(start);
        assertEquals(Instant.parse("2026-03-09T07:00:00Z"), end);
        assertEquals(Duration.ofHours(23), Duration.between(start, end));
        assertEquals(LocalDate.parse("2026-03-08"), PacificDay.dayOf(end.minusSeconds(1)));
        assertEquals(LocalDate.parse("2026-03-09"), PacificDay.dayOf(end));
    }

    @Test
    void theFallBackDayHas25Hours() {
        // 2026-11-01: 02:00 PDT becomes 01:00 PST, so 01:xx happens twice.
        Instant start = Instant.parse("2026-11-01T07:00:00Z");
        Instant end = PacificDay.nextMidnight(start);
        assertEquals(Instant.parse("2026-11-02T08:00:00Z"), end);
        assertEquals(Duration.ofHours(25), Duration.between(start, end));
        // Both 01:30s belong to the same day.
        assertEquals(LocalDate.parse("2026-11-01"), PacificDay.dayOf(Instant.parse("2026-11-01T08:30:00Z")));
        assertEquals(LocalDate.parse("2026-11-01"), PacificDay.dayOf(Instant.parse("2026-11-01T09:30:00Z")));
        assertEquals(end, PacificDay.nextMidnight(end.minusNanos(1)));
    }
}
