package com.geminigateway.usage;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per model, what was served on each of the last {@value #DAYS_KEPT} Pacific days: the basis of the
 * daily projection and the 7-day average. Survives key removal, since it is counted per model. Thread-safe.
 */
public final class UsageHistory {

    public static final int DAYS_KEPT = 15;

    private final Map<String, TreeMap<LocalDate, DailyTotals>> byModel = new HashMap<>();

    public synchronized void record(String model, LocalDate day, UsageDelta delta) {
        TreeMap<LocalDate, DailyTotals> days = byModel.computeIfAbsent(model, m -> new TreeMap<>());
        days.merge(day, new DailyTotals(day, 0, 0, 0, 0).plus(delta), (old, added) -> old.plus(delta));
        while (days.size() > DAYS_KEPT) {
            days.pollFirstEntry();
        }
    }

    /** Every model's days, oldest first. */
    public synchronized Map<String, List<DailyTotals>> all() {
        Map<String, List<DailyTotals>> copy = new TreeMap<>();
        byModel.forEach((model, days) -> copy.put(model, List.copyOf(days.values())));
        return copy;
    }

    public synchronized void restore(Map<String, List<DailyTotals>> saved) {
        byModel.clear();
        saved.forEach((model, days) -> {
            TreeMap<LocalDate, DailyTotals> map = new TreeMap<>();
            days.forEach(d -> map.put(d.day(), d));
            while (map.size() > DAYS_KEPT) {
                map.pollFirstEntry();
            }
            byModel.put(model, map);
        });
    }

    /** For tests and reports: the days of one model, oldest first. */
    public synchronized List<DailyTotals> of(String model) {
        TreeMap<LocalDate, DailyTotals> days = byModel.get(model);
        return days == null ? List.of() : new ArrayList<>(days.values());
    }
}
