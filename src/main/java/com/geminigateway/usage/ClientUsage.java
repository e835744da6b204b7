package com.geminigateway.usage;

import com.geminigateway.gemini.GenerateContentResponse.UsageMetadata;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Per-client accounting: requests and input, output and thinking tokens per Pacific day and model.
 * Today and yesterday are kept (yesterday for the report that closes a day). In memory: counts start
 * again at zero after a restart.
 */
public final class ClientUsage {

    private static final int DAYS_KEPT = 2;

    private final Clock clock;
    /** day → client → model → counts; counts are replaced atomically, never mutated. */
    private final ConcurrentMap<LocalDate, ConcurrentMap<String, ConcurrentMap<String, AtomicReference<UsageCounts>>>> days =
            new ConcurrentHashMap<>();

    public ClientUsage(Clock clock) {
        this.clock = clock;
    }

    /** The hook for one call of {@code client} to {@code model}; counts the call once, whatever happens. */
    public UsageRecorder recorder(String client, String model) {
        AtomicBoolean recorded = new AtomicBoolean();
        return usage -> {
            if (recorded.compareAndSet(false, true)) {
                record(client, model, usage);
            }
        };
    }

    public void record(String client, String model, UsageMetadata usage) {
        LocalDate day = PacificDay.dayOf(clock.instant());
        UsageCounts call = UsageCounts.ofRequest(usage);
        if (!days.containsKey(day)) {
            days.keySet().removeIf(kept -> kept.isBefore(day.minusDays(DAYS_KEPT - 1)));
        }
        days.computeIfAbsent(day, d -> new ConcurrentHashMap<>())
                .computeIfAbsent(client, c -> new ConcurrentHashMap<>())
                .computeIfAbsent(model, m -> new AtomicReference<>(UsageCounts.ZERO))
                .accumulateAndGet(call, UsageCounts::plus);
    }

    /** Input, output and thinking tokens {@code client} used today, for its daily token limit. */
    public long tokensToday(String client) {
        var models = days.getOrDefault(PacificDay.dayOf(clock.instant()), new ConcurrentHashMap<>()).get(client);
        if (models == null) {
            return 0;
        }
        long total = 0;
        for (AtomicReference<UsageCounts> counts : models.values()) {
            total += counts.get().totalTokens();
        }
        return total;
    }

    /** Today's usage. */
    public ClientUsageSnapshot snapshot() {
        return snapshot(PacificDay.dayOf(clock.instant())).orElseThrow();
    }

    /** The usage of {@code day}: today always, yesterday while kept, else empty. */
    public Optional<ClientUsageSnapshot> snapshot(LocalDate day) {
        LocalDate today = PacificDay.dayOf(clock.instant());
        if (day.isAfter(today) || day.isBefore(today.minusDays(DAYS_KEPT - 1))) {
            return Optional.empty();
        }
        Map<String, ClientUsageSnapshot.ClientDay> clients = new TreeMap<>();
        days.getOrDefault(day, new ConcurrentHashMap<>()).forEach((client, models) -> {
            Map<String, UsageCounts> byModel = new TreeMap<>();
            UsageCounts total = UsageCounts.ZERO;
            for (var entry : models.entrySet()) {
                UsageCounts counts = entry.getValue().get();
                byModel.put(entry.getKey(), counts);
                total = total.plus(counts);
            }
            clients.put(client, new ClientUsageSnapshot.ClientDay(total, Collections.unmodifiableMap(byModel)));
        });
        Instant resetsAt = day.plusDays(1).atStartOfDay(PacificDay.ZONE).toInstant();
        return Optional.of(new ClientUsageSnapshot(day, resetsAt, clients));
    }
}
