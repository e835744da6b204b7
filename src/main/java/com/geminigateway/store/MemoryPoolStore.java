package com.geminigateway.store;

import com.geminigateway.usage.DailyTotals;
import com.geminigateway.usage.PacificDay;
import com.geminigateway.usage.UsageDelta;
import com.geminigateway.usage.UsageFigures;
import com.geminigateway.usage.UsageHistory;
import com.geminigateway.usage.UsageMeter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * The pool's state in this process's memory, exported to and restored from a {@link PoolSnapshot}.
 * Concurrent maps throughout; each usage meter has its own small lock.
 */
public final class MemoryPoolStore implements PoolStore {

    private final Map<Scope, StateRecord> states = new ConcurrentHashMap<>();
    private final Map<UsageKey, UsageMeter> meters = new ConcurrentHashMap<>();
    private final UsageHistory history = new UsageHistory();
    private final Map<String, String> projects = new ConcurrentHashMap<>();
    private final Map<LimitKey, Long> limits = new ConcurrentHashMap<>();
    private final Map<String, String> addedKeys = new ConcurrentHashMap<>();
    /** Bumped by every write, so an unchanged store is not written again. */
    private final AtomicLong changes = new AtomicLong();

    @Override
    public Optional<StateRecord> state(Scope scope) {
        return Optional.ofNullable(states.get(scope));
    }

    @Override
    public StateRecord updateState(Scope scope, UnaryOperator<StateRecord> change) {
        StateRecord[] result = new StateRecord[1];
        states.compute(scope, (s, current) -> {
            StateRecord next = change.apply(current);
            if (next != current) {
                changes.incrementAndGet();
            }
            result[0] = next;
            return next;
        });
        return result[0];
    }

    @Override
    public Map<Scope, StateRecord> states() {
        return Map.copyOf(states);
    }

    @Override
    public void recordUsage(UsageKey key, Instant at, UsageDelta delta, Instant now) {
        if (delta.isZero()) {
            return;
        }
        meters.computeIfAbsent(key, k -> new UsageMeter()).record(at, delta, now);
        history.record(key.model(), PacificDay.dayOf(at), delta);
        changes.incrementAndGet();
    }

    @Override
    public UsageFigures usage(UsageKey key, Instant now) {
        UsageMeter meter = meters.get(key);
        return meter == null ? UsageFigures.NONE : meter.figures(now);
    }

    @Override
    public Map<UsageKey, UsageFigures> usage(Instant now) {
        Map<UsageKey, UsageFigures> out = new HashMap<>();
        meters.forEach((key, meter) -> {
            UsageFigures figures = meter.figures(now);
            if (!figures.nothingUsed()) {
                out.put(key, figures);
            }
        });
        return out;
    }

    @Override
    public Map<String, List<DailyTotals>> history() {
        return history.all();
    }

    @Override
    public Map<String, String> learnedProjects() {
        return Map.copyOf(projects);
    }

    @Override
    public void learnProject(String keyId, String project) {
        if (!project.equals(projects.put(keyId, project))) {
            changes.incrementAndGet();
        }
    }

    @Override
    public OptionalLong learnedLimit(LimitKey key) {
        Long value = limits.get(key);
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }

    @Override
    public Map<LimitKey, Long> learnedLimits() {
        return Map.copyOf(limits);
    }

    @Override
    public void learnLimit(LimitKey key, long value) {
        Long old = limits.put(key, value);
        if (old == null || old != value) {
            changes.incrementAndGet();
        }
    }

    @Override
    public Map<String, String> addedKeys() {
        return Map.copyOf(addedKeys);
    }

    @Override
    public void saveAddedKey(String keyId, String keySpec) {
        addedKeys.put(keyId, keySpec);
        changes.incrementAndGet();
    }

    @Override
    public void forgetAddedKey(String keyId) {
        if (addedKeys.remove(keyId) != null) {
            changes.incrementAndGet();
        }
    }

    @Override
    public void prune(Instant now) {
        meters.entrySet().removeIf(e -> e.getValue().isIdle(now));
    }

    /** A number that changes whenever the store does. */
    public long changeCount() {
        return changes.get();
    }

    public PoolSnapshot export(Instant now) {
        List<PoolSnapshot.SavedState> savedStates = new ArrayList<>();
        states.forEach((scope, state) -> savedStates.add(new PoolSnapshot.SavedState(scope.subject(), scope.model(), state)));
        List<PoolSnapshot.SavedUsage> savedUsage = new ArrayList<>();
        meters.forEach((key, meter) -> savedUsage.add(new PoolSnapshot.SavedUsage(key.keyId(), key.model(), meter.state())));
        List<PoolSnapshot.SavedLimit> savedLimits = new ArrayList<>();
        limits.forEach((key, value) -> savedLimits.add(new PoolSnapshot.SavedLimit(key.subject(), key.model(), key.metric(), value)));
        return new PoolSnapshot(PoolSnapshot.FORMAT, PoolSnapshot.VERSION, now, savedStates, savedUsage, history.all(),
                projects, savedLimits, addedKeys);
    }

    /** Replaces everything with the snapshot's content. */
    public void restore(PoolSnapshot snapshot) {
        states.clear();
        snapshot.states().forEach(s -> states.put(new Scope(s.subject(), s.model()), s.state()));
        meters.clear();
        snapshot.usage().forEach(u -> meters.put(new UsageKey(u.keyId(), u.model()), UsageMeter.restore(u.meter())));
        history.restore(snapshot.history());
        projects.clear();
        projects.putAll(snapshot.projects());
        limits.clear();
        snapshot.limits().forEach(l -> limits.put(new LimitKey(l.subject(), l.model(), l.metric()), l.value()));
        addedKeys.clear();
        addedKeys.putAll(snapshot.addedKeys());
        changes.incrementAndGet();
    }
}
