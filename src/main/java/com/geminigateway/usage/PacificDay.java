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

    private PacificDay() {
    }

    /** The Pacific calendar date at {@code t}. */
    public static LocalDate dayOf(Instant t) {
        return LocalDate.ofInstant(t, ZONE);
    }

    /** The first instant of the Pacific day after the one {@code t} falls in. */
    public static Instant nextMidnight(Instant t) {
        return dayOf(t).plusDays(1).atStartOfDay(ZONE).toInstant();
    }
}
