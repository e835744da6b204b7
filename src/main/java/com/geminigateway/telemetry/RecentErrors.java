package com.geminigateway.telemetry;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** The last upstream failures, newest first, for the status page. Messages are already masked. */
public final class RecentErrors {

    static final int KEPT = 50;

    /**
     * @param status  Gemini's HTTP status, 0 for a timeout or network failure
     * @param reason  a {@link FailureReasons} label
     * @param message Google's message (or the network error), keys masked
     */
    public record Entry(Instant at, String requestId, String model, String keyAlias, int status, String reason,
                        String message, boolean failedOver) {
    }

    private final Deque<Entry> entries = new ArrayDeque<>();

    synchronized void add(Entry entry) {
        entries.addFirst(entry);
        if (entries.size() > KEPT) {
            entries.removeLast();
        }
    }

    public synchronized List<Entry> newestFirst() {
        return new ArrayList<>(entries);
    }
}
