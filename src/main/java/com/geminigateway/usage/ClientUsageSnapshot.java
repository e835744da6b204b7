package com.geminigateway.usage;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What every client used on one Pacific day, for the status page, metrics and usage reports.
 *
 * @param clients client name (never a secret) to its usage, sorted by name
 */
public record ClientUsageSnapshot(LocalDate day, Instant resetsAt, Map<String, ClientDay> clients) {

    public ClientUsageSnapshot {
        clients = Collections.unmodifiableMap(new TreeMap<>(clients));
    }

    /** One client's day: totals and, sorted by model id, the same per model. */
    public record ClientDay(UsageCounts total, Map<String, UsageCounts> byModel) {
    }

    public UsageCounts of(String client) {
        ClientDay day = clients.get(client);
        return day == null ? UsageCounts.ZERO : day.total();
    }
}
