package com.geminigateway.usage;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The usage of one (key, model): a sliding one-minute window kept in one-second slots, and the totals of
 * the current Pacific day. Usage is booked at the moment its request started, as Google counts it: a
 * correction that arrives when the request ends lands in the same slot and day as the request itself.
 * Thread-safe; every method is short and calls nothing outside.
 */
public final class UsageMeter {

    static final int WINDOW_SECONDS = 60;

    /** One second of the minute window, for snapshots. */
    public record Slot(long epochSecond, long requests, long inputTokens) {
    }

    /** Everything the meter knows, for snapshots. */
    public record State(LocalDate day, long requests, long inputTokens, long outputTokens, long thinkingTokens,
                        List<Slot> minute) {
        public State {
            minute = minute == null ? List.of() : List.copyOf(minute);
        }
    }

    private final long[] slotSecond = new long[WINDOW_SECONDS];
    private final long[] slotRequests = new long[WINDOW_SECONDS];
    private final long[] slotTokens = new long[WINDOW_SECONDS];
    private LocalDate day;
    private long requests;
    private long inputTokens;
    private long outputTokens;
    private long thinkingTokens;

    public UsageMeter() {
        java.util.Arrays.fill(slotSecond, Long.MIN_VALUE);
    }

    /**
     * Books {@code delta} at {@code at}. Parts that fall outside the window or into an earlier Pacific day
     * than the one the meter already counts are dropped from those figures (a day's totals never change
     * once the next day began).
     */
    public synchronized void record(Instant at, UsageDelta delta, Instant now) {
        long second = at.getEpochSecond();
        if (second > now.getEpochSecond() - WINDOW_SECONDS) {
            int i = Math.floorMod(second, WINDOW_SECONDS);
            if (slotSecond[i] < second) {
                slotSecond[i] = second;
                slotRequests[i] = 0;
                slotTokens[i] = 0;
            }
            if (slotSecond[i] == second) {
                slotRequests[i] += delta.requests();
                slotTokens[i] += delta.inputTokens();
            }
        }
        LocalDate bookedDay = PacificDay.dayOf(at);
        if (day == null || bookedDay.isAfter(day)) {
            day = bookedDay;
            requests = inputTokens = outputTokens = thinkingTokens = 0;
        }
        if (bookedDay.equals(day)) {
            requests += delta.requests();
            inputTokens += delta.inputTokens();
            outputTokens += delta.outputTokens();
            thinkingTokens += delta.thinkingTokens();
        }
    }

    public synchronized UsageFigures figures(Instant now) {
        long nowSecond = now.getEpochSecond();
        long minuteRequests = 0;
        long minuteTokens = 0;
        long oldest = Long.MAX_VALUE;
        for (int i = 0; i < WINDOW_SECONDS; i++) {
            long second = slotSecond[i];
            if (second > nowSecond - WINDOW_SECONDS && second <= nowSecond) {
                minuteRequests += slotRequests[i];
                minuteTokens += slotTokens[i];
                if (slotRequests[i] > 0 || slotTokens[i] > 0) {
                    oldest = Math.min(oldest, second);
                }
            }
        }
        Instant eases = oldest == Long.MAX_VALUE ? null : Instant.ofEpochSecond(oldest + WINDOW_SECONDS);
        boolean today = day != null && day.equals(PacificDay.dayOf(now));
        return new UsageFigures(Math.max(0, minuteRequests), Math.max(0, minuteTokens),
                today ? Math.max(0, requests) : 0, today ? Math.max(0, inputTokens) : 0,
                today ? Math.max(0, outputTokens) : 0, today ? Math.max(0, thinkingTokens) : 0, eases);
    }

    public synchronized State state() {
        List<Slot> minute = new ArrayList<>();
        for (int i = 0; i < WINDOW_SECONDS; i++) {
            if (slotSecond[i] != Long.MIN_VALUE && (slotRequests[i] != 0 || slotTokens[i] != 0)) {
                minute.add(new Slot(slotSecond[i], slotRequests[i], slotTokens[i]));
            }
        }
        return new State(day, requests, inputTokens, outputTokens, thinkingTokens, minute);
    }

    public static UsageMeter restore(State state) {
        UsageMeter meter = new UsageMeter();
        meter.day = state.day();
        meter.requests = state.requests();
        meter.inputTokens = state.inputTokens();
        meter.outputTokens = state.outputTokens();
        meter.thinkingTokens = state.thinkingTokens();
        for (Slot slot : state.minute()) {
            int i = Math.floorMod(slot.epochSecond(), WINDOW_SECONDS);
            if (slot.epochSecond() > meter.slotSecond[i]) {
                meter.slotSecond[i] = slot.epochSecond();
                meter.slotRequests[i] = slot.requests();
                meter.slotTokens[i] = slot.inputTokens();
            }
        }
        return meter;
    }

    /** True when nothing in it counts any more at {@code now}: it can be dropped. */
    public synchronized boolean isIdle(Instant now) {
        return figures(now).nothingUsed();
    }
}
