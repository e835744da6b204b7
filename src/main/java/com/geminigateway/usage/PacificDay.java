package com.geminigateway.usage;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * Google's quota day: daily quotas reset at 00:00 America/Los_Angeles, so a day is 23, 24 or 25 hours
 * long around the daylight saving switches.
 */
public final class PacificDay {

    public static final ZoneId ZONE = ZoneId.of("America/Los_Angeles");

    private PacificDay() {
    }

    /** The Pacific calendar day that {@code t} falls in. */
    public static LocalDate dayOf(Instant t) {
        return LocalDate.ofInstant(t, ZONE);
    }

    /** The first instant of the Pacific day after the one {@code t} falls in. */
    public static Instant nextMidnight(Instant t) {
        return dayOf(t).plusDays(1).atStartOfDay(ZONE).toInstant();
    }
}
