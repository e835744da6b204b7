package com.geminigateway.keys;

import com.geminigateway.store.Scope;
import com.geminigateway.store.UsageKey;
import com.geminigateway.usage.ModelLimit;
import com.geminigateway.usage.UsageFigures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One key as an administrator sees it (status page, admin API): never the secret, only its id and alias.
 *
 * @param state  the key's state as a whole (per-model states are in {@code models})
 * @param models every model the key has usage or a state for
 */
public record KeyView(String id, String alias, ApiKey.Origin origin, String project, boolean projectConfigured,
                      String tier, KeyState state, String reason, String lastError, Instant since, Instant until,
                      Instant lastUsed, int inFlight, int failuresInARow, String lastFailure, Instant lastFailureAt,
                      List<ModelView> models) {

    /**
     * The key for one model: its state there, its own usage, and its project's limits and health score.
     *
     * @param score the health score the pool ranks keys by for this model (1 = untouched quota)
     */
    public record ModelView(String model, KeyState state, String reason, String lastError, Instant until,
                            String appliesTo, UsageFigures usage, ModelLimit limit, double score) {
    }

    static KeyView of(KeyPool pool, ApiKey key, Instant now) {
        KeyStatus whole = pool.status(key, null, now);
        Set<String> models = new TreeSet<>();
        pool.store().usage(now).keySet().stream().filter(u -> u.keyId().equals(key.id())).map(UsageKey::model)
                .forEach(models::add);
        pool.store().states().keySet().stream()
                .filter(s -> s.model() != null && (s.subject().equals(key.keySubject()) || s.subject().equals(key.quotaSubject())))
                .map(Scope::model).forEach(models::add);
        List<ModelView> perModel = new ArrayList<>();
        for (String model : models) {
            KeyStatus status = pool.status(key, model, now);
            ModelLimit limit = pool.limitFor(key, model);
            double score = QuotaCheck.score(limit, pool.subjectUsage(key, model, now), pool.settings().weights());
            perModel.add(new ModelView(model, status.state(), status.reason(), status.lastError(), status.until(),
                    status.appliesTo(), pool.store().usage(new UsageKey(key.id(), model), now), limit, score));
        }
        return new KeyView(key.id(), key.alias(), key.origin(), key.project(), key.projectConfigured(), key.tier(),
                whole.state(), whole.reason(), whole.lastError(), whole.since(), whole.until(), key.lastUsed(),
                key.inFlight(now), key.failuresInARow(), key.lastError(), key.lastErrorAt(), perModel);
    }
}
