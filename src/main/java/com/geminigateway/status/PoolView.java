package com.geminigateway.status;

import com.geminigateway.keys.ApiKey;
import com.geminigateway.keys.KeyPool;
import com.geminigateway.keys.KeyState;
import com.geminigateway.telemetry.KeyActivity;
import com.geminigateway.telemetry.PoolGauges;
import com.geminigateway.usage.ClientUsage;
import com.geminigateway.usage.UsageCounts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The key pool as the status page, the health probes and the key gauges see it: the one class that knows
 * the pool's shape. This pool tracks whole keys (one state for all models) and counts no usage itself, so
 * per-key figures come from the requests' ends ({@link KeyActivity}) and no limits or advice are known; a
 * pool with per-(key, model) states, limits and a usage report fills the same records here.
 */
public final class PoolView {

    /**
     * One key.
     *
     * @param id      stable while the gateway runs; what the page's actions name
     * @param alias   the masked key ({@code AIza...x1Yz}), never the key
     * @param project the project label, null when unknown
     * @param models  its state per model; one entry with a null model when the pool tracks whole keys
     */
    public record Key(String id, String alias, String project, String state, String reason, Instant until,
                      Instant lastUsed, long requestsToday, long tokensToday, List<ModelState> models) {
    }

    /**
     * The key for one model (null: all models).
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
    private final KeyActivity activity;
    private final ClientUsage usage;

    public PoolView(KeyPool pool, KeyActivity activity, ClientUsage usage) {
        this.pool = pool;
        this.activity = activity;
        this.usage = usage;
    }

    public List<Key> keys() {
        List<ApiKey.Snapshot> snapshot = pool.snapshot();
        List<Key> keys = new ArrayList<>(snapshot.size());
        for (int i = 0; i < snapshot.size(); i++) {
            ApiKey.Snapshot s = snapshot.get(i);
            UsageCounts today = activity.today(s.alias());
            ModelState all = new ModelState(null, s.state().name(), s.reason(), s.until(), today.requests(), null);
            keys.add(new Key(idOf(i), s.alias(), null, s.state().name(), s.reason(), s.until(), s.lastUsed(),
                    today.requests(), today.totalTokens(), List.of(all)));
        }
        return keys;
    }

    /** Today's use per model (all clients), sorted by model. */
    public List<ModelUsage> models() {
        Map<String, UsageCounts> byModel = new TreeMap<>();
        usage.snapshot().clients().values().forEach(day ->
                day.byModel().forEach((model, counts) -> byModel.merge(model, counts, UsageCounts::plus)));
        return byModel.entrySet().stream()
                .map(e -> new ModelUsage(e.getKey(), e.getValue().requests(), e.getValue().totalTokens(), null))
                .toList();
    }

    /** The usage report's suggestion on how many keys to have; empty when the pool makes none. */
    public Optional<String> keyCountAdvice() {
        return Optional.empty();
    }

    public int size() {
        return pool.size();
    }

    /** Keys that can serve a request now. */
    public int usableKeys() {
        return (int) pool.snapshot().stream().filter(s -> s.state() == KeyState.ACTIVE).count();
    }

    /** For {@code gateway_keys{state,model}}: every state, zeros included, for "all" models. */
    public List<PoolGauges.KeyCount> keysByState() {
        Map<KeyState, Long> counts = new EnumMap<>(KeyState.class);
        for (KeyState state : KeyState.values()) {
            counts.put(state, 0L);
        }
        pool.snapshot().forEach(s -> counts.merge(s.state(), 1L, Long::sum));
        return counts.entrySet().stream().map(e -> new PoolGauges.KeyCount(e.getKey().name(), "all", e.getValue())).toList();
    }

    /** The key an action names. */
    Optional<ApiKey> byId(String id) {
        try {
            int index = Integer.parseInt(id) - 1;
            List<ApiKey> keys = pool.keys();
            return index >= 0 && index < keys.size() ? Optional.of(keys.get(index)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String idOf(int index) {
        return Integer.toString(index + 1);
    }
}
