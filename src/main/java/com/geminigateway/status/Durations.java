package com.geminigateway.status;

import java.time.Duration;

/** Short durations for people: "45s", "3m 05s", "2h 07m", "3d 4h"; the page's script counts down in the same form. */
final class Durations {

    private Durations() {
    }

    static String compact(Duration d) {
        long s = Math.max(0, (d.toMillis() + 999) / 1000);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m " + pad(s % 60) + "s";
        }
        if (s < 86400) {
            return (s / 3600) + "h " + pad((s % 3600) / 60) + "m";
        }
        return (s / 86400) + "d " + (s % 86400) / 3600 + "h";
    }

    private static String pad(long n) {
        return n < 10 ? "0" + n : Long.toString(n);
    }
}
