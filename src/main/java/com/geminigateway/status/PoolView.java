package com.geminigateway.status;

import com.geminigateway.keys.ApiKey;
import com.geminigateway.keys.KeyPool;
import com.geminigateway.keys.KeyState;
import com.geminigateway.keys.KeyView;
import com.geminigateway.telemetry.PoolGauges;
import com.geminigateway.usage.UsageFigures;
import com.geminigateway.usage.UsageReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The key pool as the status page, the health probes and the key gauges see it: the one class that knows
 * the pool's shape. States are per key and per (key, model); figures and limits come from the pool's own
 * counters and its usage report.
 */
public final class PoolView {

    /**
     * One key.
     *
     * @param id      stable while the gateway runs; what the page's actions name
     * @param alias   the masked key ({@code AIza...x1Yz}), never the key
     * @param project the project label, null when unknown
     * @param models  its state per model it has served or has a state for
     */
    public record Key(String id, String alias, String project, String state, String reason, Instant until,
                      Instant lastUsed, long requestsToday, long tokensToday, List<ModelState> models) {
    }

    /**
     * The key for one model.
     *
     * @param requestsPerDayLimit the model's requests-per-day quota for the key's project, null when unknown
     */
    public record ModelState(String model, String state, String reason, Instant until, long requestsToday,
                             Long requestsPerDayLimit) {
    }

    /** Today's use of a model across keys, against its capacity (null when unknown). */
    public record ModelUsage(String model, long requests, long tokens, Long requestsPerDayCapacity) {
    }

    private final KeyPool pool;

    public PoolView(KeyPool pool) {
        this.pool = pool;
    }

    public List<Key> keys() {
        List<Key> keys = new ArrayList<>();
        for (KeyView v : pool.views()) {
            long requests = 0;
            long tokens = 0;
            List<ModelState> models = new ArrayList<>();
            for (KeyView.ModelView m : v.models()) {
                UsageFigures u = m.usage();
                requests += u.requestsToday();
                tokens += u.inputTokensToday() + u.outputTokensToday() + u.thinkingTokensToday();
                models.add(new ModelState(m.model(), m.state().name(), m.reason(), m.until(), u.requestsToday(),
                        m.limit() == null ? null : m.limit().rpd()));
            }
            if (models.isEmpty()) {
                // No model served or refused yet: one row for the key as a whole (null model: all models).
                models.add(new ModelState(null, v.state().name(), v.reason(), v.until(), 0, null));
            }
            keys.add(new Key(v.id(), v.alias(), v.project(), v.state().name(), v.reason(), v.until(), v.lastUsed(),
                    requests, tokens, models));
        }
        return keys;
    }

    /** Today's use per model (all keys), sorted by model. */
    public List<ModelUsage> models() {
        return pool.report().models().stream()
                .map(m -> new ModelUsage(m.model(), m.today().requests(),
                        m.today().inputTokens() + m.today().outputTokens() + m.today().thinkingTokens(),
                        m.capacity() == null ? null : m.capacity().rpd()))
                .sorted(java.util.Comparator.comparing(ModelUsage::model))
                .toList();
    }

    /** The usage report's suggestions on how many keys to have, for the models where it has one. */
    public Optional<String> keyCountAdvice() {
        String advice = pool.report().models().stream()
                .filter(m -> m.advice() != null && (m.advice().kind() == UsageReport.Advice.Kind.ADD
                        || m.advice().kind() == UsageReport.Advice.Kind.REDUCE
                        || m.advice().kind() == UsageReport.Advice.Kind.NO_KEY))
                .map(m -> m.model() + ": " + m.advice().text())
                .collect(java.util.stream.Collectors.joining("; "));
        return advice.isEmpty() ? Optional.empty() : Optional.of(advice);
    }

    public int size() {
        return pool.size();
    }

    /** Keys that can serve a request now (their state as a whole is ACTIVE). */
    public int usableKeys() {
        return (int) pool.views().stream().filter(v -> v.state() == KeyState.ACTIVE).count();
    }

    /** For {@code gateway_keys{state,model}}: every state for "all" (zeros included), and per model in use. */
    public List<PoolGauges.KeyCount> keysByState() {
        UsageReport report = pool.report();
        List<PoolGauges.KeyCount> counts = new ArrayList<>();
        Map<String, Long> all = new TreeMap<>();
        for (KeyState state : KeyState.values()) {
            all.put(state.name(), 0L);
        }
        report.keysByState().forEach((state, n) -> all.put(state, n.longValue()));
        all.forEach((state, n) -> counts.add(new PoolGauges.KeyCount(state, "all", n)));
        for (UsageReport.ModelUsage m : report.models()) {
            m.keysByState().forEach((state, n) -> counts.add(new PoolGauges.KeyCount(state, m.model(), n)));
        }
        return counts;
    }

    /** The key an action names. */
    Optional<ApiKey> byId(String id) {
        return pool.byId(id);
    }
}
