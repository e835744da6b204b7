package com.geminigateway.usage;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * The day as Gemini counts it: daily quotas reset at 00:00 in America/Los_Angeles, so the gateway's
 * daily limits and counters do too. Such a day lasts 23, 24 or 25 hours.
 */
public final class PacificDay {

    public static final ZoneId ZONE = ZoneId.of("America/Los_Angeles");

    /** The day asked for last, with its bounds: each request asks several times, nearly always for today. */
    private static volatile Span last = span(LocalDate.ofInstant(Instant.now(), ZONE));

    private PacificDay() {
    }

    /** The Pacific calendar date at {@code t}. */
    public static LocalDate dayOf(Instant t) {
        return spanOf(t).day();
    }

    /** The first instant of the Pacific day after the one {@code t} falls in. */
    public static Instant nextMidnight(Instant t) {
        return spanOf(t).end();
    }

    private static Span spanOf(Instant t) {
        Span s = last;
        if (!s.contains(t)) { // rarely: the zone's rules are looked up only when the day changes
            s = span(LocalDate.ofInstant(t, ZONE));
            last = s;
        }
        return s;
    }

    private static Span span(LocalDate day) {
        return new Span(day, day.atStartOfDay(ZONE).toInstant(), day.plusDays(1).atStartOfDay(ZONE).toInstant());
    }

    /** A day from its first instant (included) to the next day's (excluded). */
    private record Span(LocalDate day, Instant start, Instant end) {
        boolean contains(Instant t) {
            return !t.isBefore(start) && t.isBefore(end);
        }
    }
}
