package com.geminigateway.usage;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The pool's usage at one moment, as structured data: what the periodic log report prints, and what the
 * status page and metrics read. Immutable.
 *
 * @param pacificDay  the quota day (America/Los_Angeles) it describes
 * @param dayElapsed  how much of that day has passed, 0..1 (days are 23 to 25 hours long)
 * @param keysByState every key's overall state (as a whole, not per model), by state name
 * @param models      every model in use: served today or in the last week, or with a key state of its own
 */
public record UsageReport(Instant generatedAt, LocalDate pacificDay, double dayElapsed, int keys,
                          Map<String, Integer> keysByState, List<ModelUsage> models) {

    /**
     * One model across the pool.
     *
     * @param keysByState         each key's state for this model, by state name
     * @param projectsServing     distinct projects (keys without a project count alone) with a key ACTIVE for it
     * @param today               served since 00:00 Pacific, over all keys (removed ones included)
     * @param capacity            what the serving projects allow together; a metric is null when some
     *                            serving project has no known limit for it
     * @param projectedRequests   today's requests extrapolated to the whole day; null early in the day
     * @param sevenDayAverage     average requests per day over up to 7 previous days; null without history
     * @param historyDays         how many previous days the average covers
     */
    public record ModelUsage(String model, Map<String, Integer> keysByState, int projectsServing, Totals today,
                             long requestsLastMinute, long inputTokensLastMinute, ModelLimit capacity,
                             Long projectedRequests, Long projectedInputTokens, Double sevenDayAverage,
                             int historyDays, Advice advice) {
    }

    /** Requests and tokens over a period. */
    public record Totals(long requests, long inputTokens, long outputTokens, long thinkingTokens) {
    }

    /**
     * A suggestion on the number of keys (of separate projects, since quotas are per project) for a model.
     *
     * @param projects the suggested number of serving projects; null when there is nothing to suggest
     */
    public record Advice(Kind kind, Integer projects, String text) {
        public enum Kind { ADD, REDUCE, KEEP, UNKNOWN, NO_KEY }
    }
}
