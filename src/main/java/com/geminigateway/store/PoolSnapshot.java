package com.geminigateway.store;

import com.geminigateway.usage.DailyTotals;
import com.geminigateway.usage.LimitMetric;
import com.geminigateway.usage.UsageMeter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything {@link MemoryPoolStore} holds, as written to {@code DATA_DIR/key-pool.json}. The format name
 * and version let a later gateway recognise a file it cannot read, and set it aside instead of failing.
 */
public record PoolSnapshot(String format, int version, Instant savedAt,
                           List<SavedState> states, List<SavedUsage> usage, Map<String, List<DailyTotals>> history,
                           Map<String, String> projects, List<SavedLimit> limits, Map<String, String> addedKeys) {

    public static final String FORMAT = "gemini-gateway/key-pool";
    public static final int VERSION = 1;

    public PoolSnapshot {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(savedAt, "savedAt");
        states = states == null ? List.of() : List.copyOf(states);
        usage = usage == null ? List.of() : List.copyOf(usage);
        history = history == null ? Map.of() : Map.copyOf(history);
        projects = projects == null ? Map.of() : Map.copyOf(projects);
        limits = limits == null ? List.of() : List.copyOf(limits);
        addedKeys = addedKeys == null ? Map.of() : Map.copyOf(addedKeys);
    }

    public record SavedState(String subject, String model, StateRecord state) {
        public SavedState {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(state, "state");
        }
    }

    public record SavedUsage(String keyId, String model, UsageMeter.State meter) {
        public SavedUsage {
            Objects.requireNonNull(keyId, "keyId");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(meter, "meter");
        }
    }

    public record SavedLimit(String subject, String model, LimitMetric metric, long value) {
        public SavedLimit {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(metric, "metric");
        }
    }
}
