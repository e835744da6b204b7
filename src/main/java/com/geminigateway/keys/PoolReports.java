package com.geminigateway.keys;

import com.geminigateway.store.PoolStore;
import com.geminigateway.store.Scope;
import com.geminigateway.store.UsageKey;
import com.geminigateway.usage.DailyTotals;
import com.geminigateway.usage.KeyCountAdvice;
import com.geminigateway.usage.LimitMetric;
import com.geminigateway.usage.ModelLimit;
import com.geminigateway.usage.PacificDay;
import com.geminigateway.usage.UsageFigures;
import com.geminigateway.usage.UsageReport;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Builds the {@link UsageReport} of a pool: per model, usage against capacity, states, projection, history, advice. */
final class PoolReports {

    static final int AVERAGE_DAYS = 7;
    /** Before 1 % of the day has passed, a projection would be noise. */
    static final double MIN_DAY_FOR_PROJECTION = 0.01;

    private PoolReports() {
    }

    static UsageReport build(KeyPool pool, Instant now) {
        PoolStore store = pool.store();
        List<ApiKey> keys = pool.keys();
        LocalDate today = PacificDay.dayOf(now);
        Instant dayStart = today.atStartOfDay(PacificDay.ZONE).toInstant();
        double dayElapsed = (double) Duration.between(dayStart, now).toMillis()
                / Duration.between(dayStart, PacificDay.nextMidnight(now)).toMillis();

        Map<String, Integer> overall = new LinkedHashMap<>();
        countStates(keys.stream().map(k -> pool.status(k, null, now).state()).toList(), overall);

        Map<UsageKey, UsageFigures> usage = store.usage(now);
        Map<String, List<DailyTotals>> history = store.history();
        Set<String> models = new TreeSet<>();
        usage.keySet().forEach(k -> models.add(k.model()));
        history.forEach((model, days) -> {
            if (days.stream().anyMatch(d -> !d.day().isBefore(today.minusDays(AVERAGE_DAYS)) && d.requests() > 0)) {
                models.add(model);
            }
        });
        store.states().keySet().stream().map(Scope::model).filter(m -> m != null).forEach(models::add);

        List<UsageReport.ModelUsage> out = new ArrayList<>();
        for (String model : models) {
            out.add(model(pool, keys, model, now, today, dayElapsed, usage, history.getOrDefault(model, List.of())));
        }
        return new UsageReport(now, today, dayElapsed, keys.size(), overall, out);
    }

    private static UsageReport.ModelUsage model(KeyPool pool, List<ApiKey> keys, String model, Instant now,
                                                LocalDate today, double dayElapsed, Map<UsageKey, UsageFigures> usage,
                                                List<DailyTotals> days) {
        List<KeyState> states = new ArrayList<>();
        Map<String, ApiKey> servingSubjects = new LinkedHashMap<>();
        for (ApiKey key : keys) {
            KeyState state = pool.status(key, model, now).state();
            states.add(state);
            if (state == KeyState.ACTIVE) {
                servingSubjects.putIfAbsent(key.quotaSubject(), key);
            }
        }
        Map<String, Integer> byState = new LinkedHashMap<>();
        countStates(states, byState);

        ModelLimit capacity = servingSubjects.isEmpty() ? ModelLimit.NONE : new ModelLimit(0L, 0L, 0L, 0L);
        for (ApiKey key : servingSubjects.values()) {
            ModelLimit limit = pool.limitFor(key, model);
            for (LimitMetric metric : LimitMetric.values()) {
                Long sum = capacity.get(metric);
                Long add = limit.get(metric);
                capacity = capacity.with(metric, sum == null || add == null ? null : sum + add);
            }
        }

        long minuteRequests = 0;
        long minuteTokens = 0;
        for (Map.Entry<UsageKey, UsageFigures> e : usage.entrySet()) {
            if (e.getKey().model().equals(model)) {
                minuteRequests += e.getValue().requestsLastMinute();
                minuteTokens += e.getValue().inputTokensLastMinute();
            }
        }
        DailyTotals todayTotals = days.stream().filter(d -> d.day().equals(today)).findFirst()
                .orElse(new DailyTotals(today, 0, 0, 0, 0));
        UsageReport.Totals totals = new UsageReport.Totals(Math.max(0, todayTotals.requests()),
                Math.max(0, todayTotals.inputTokens()), Math.max(0, todayTotals.outputTokens()),
                Math.max(0, todayTotals.thinkingTokens()));
        Long projectedRequests = dayElapsed >= MIN_DAY_FOR_PROJECTION ? Math.round(totals.requests() / dayElapsed) : null;
        Long projectedTokens = dayElapsed >= MIN_DAY_FOR_PROJECTION ? Math.round(totals.inputTokens() / dayElapsed) : null;

        Double average = null;
        int historyDays = 0;
        LocalDate first = days.stream().map(DailyTotals::day).min(LocalDate::compareTo).orElse(today);
        if (first.isBefore(today)) {
            historyDays = (int) Math.min(AVERAGE_DAYS, ChronoUnit.DAYS.between(first, today));
            LocalDate from = today.minusDays(historyDays);
            long sum = days.stream().filter(d -> !d.day().isBefore(from) && d.day().isBefore(today))
                    .mapToLong(d -> Math.max(0, d.requests())).sum();
            average = (double) sum / historyDays;
        }
        return new UsageReport.ModelUsage(model, byState, servingSubjects.size(), totals, minuteRequests, minuteTokens,
                capacity, projectedRequests, projectedTokens, average, historyDays,
                KeyCountAdvice.advise(model, servingSubjects.size(), capacity, projectedRequests, average, projectedTokens));
    }

    private static void countStates(List<KeyState> states, Map<String, Integer> into) {
        Map<KeyState, Integer> counts = new EnumMap<>(KeyState.class);
        states.forEach(s -> counts.merge(s, 1, Integer::sum));
        counts.forEach((state, n) -> into.put(state.name(), n));
    }
}
