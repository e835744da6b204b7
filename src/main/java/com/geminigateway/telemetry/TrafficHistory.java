package com.geminigateway.telemetry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * API requests and errors over the last 24 hours in 15-minute slots, for the status page's chart. A ring
 * of counters: each slot remembers which period it counts, so a slot from yesterday reads as empty.
 */
public final class TrafficHistory {

    public static final Duration SLOT = Duration.ofMinutes(15);
    public static final int SLOTS = 96;

    /** One slot: the period starting at {@code start}; errors are answers with a status of 400 or more. */
    public record Slot(Instant start, long requests, long errors) {
    }

    private final Clock clock;
    private final long[] period = new long[SLOTS];
    private final long[] requests = new long[SLOTS];
    private final long[] errors = new long[SLOTS];

    public TrafficHistory(Clock clock) {
        this.clock = clock;
        java.util.Arrays.fill(period, -1);
    }

    synchronized void record(boolean error) {
        long p = clock.millis() / SLOT.toMillis();
        int i = (int) Math.floorMod(p, (long) SLOTS);
        if (period[i] != p) {
            period[i] = p;
            requests[i] = 0;
            errors[i] = 0;
        }
        requests[i]++;
        if (error) {
            errors[i]++;
        }
    }

    /** The last 24 hours, oldest slot first; the last slot is the current one. */
    public synchronized List<Slot> last24Hours() {
        long now = clock.millis() / SLOT.toMillis();
        List<Slot> out = new ArrayList<>(SLOTS);
        for (long p = now - SLOTS + 1; p <= now; p++) {
            int i = (int) Math.floorMod(p, (long) SLOTS);
            boolean current = period[i] == p;
            out.add(new Slot(Instant.ofEpochMilli(p * SLOT.toMillis()), current ? requests[i] : 0, current ? errors[i] : 0));
        }
        return out;
    }
}
