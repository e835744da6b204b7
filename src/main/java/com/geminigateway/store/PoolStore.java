package com.geminigateway.store;

import com.geminigateway.usage.DailyTotals;
import com.geminigateway.usage.UsageDelta;
import com.geminigateway.usage.UsageFigures;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;

/**
 * Everything the key pool remembers: states per scope, usage per (key, model), per-model daily history,
 * projects and limits learned from Google's answers, and keys added at run time. The pool's logic talks
 * only to this interface. {@link MemoryPoolStore} (with snapshots to the data directory) serves one gateway;
 * a shared implementation, e.g. on Redis with Lettuce, can serve several instances behind one load
 * balancer without any change to the pool.
 *
 * <p>Every method is thread-safe. {@link #updateState} is atomic per scope (a shared store would use an
 * optimistic transaction and call {@code change} again on conflict, so it must be free of side effects).
 */
public interface PoolStore {

    // ------------------------------------------------------------------ states

    Optional<StateRecord> state(Scope scope);

    /**
     * Atomically replaces the state of {@code scope} by {@code change.apply(current)}; a null argument or
     * result means "no state". Returns the new state (null when none).
     */
    StateRecord updateState(Scope scope, UnaryOperator<StateRecord> change);

    /** Every stored state. */
    Map<Scope, StateRecord> states();

    // ------------------------------------------------------------------ usage

    /**
     * Books {@code delta} for the request that started at {@code at}: the minute window, the key's
     * Pacific day and the model's daily history.
     */
    void recordUsage(UsageKey key, Instant at, UsageDelta delta, Instant now);

    UsageFigures usage(UsageKey key, Instant now);

    /** The usage of every (key, model) that still counts at {@code now}. */
    Map<UsageKey, UsageFigures> usage(Instant now);

    /** Per model, the totals of the last days, oldest first. */
    Map<String, List<DailyTotals>> history();

    // ------------------------------------------------------------------ learned facts

    /** Projects learned from error details, by key id. */
    Map<String, String> learnedProjects();

    void learnProject(String keyId, String project);

    OptionalLong learnedLimit(LimitKey key);

    Map<LimitKey, Long> learnedLimits();

    void learnLimit(LimitKey key, long value);

    // ------------------------------------------------------------------ keys added at run time

    /** Key specifications ({@code SECRET[@PROJECT][/TIER]}) added at run time, by key id. */
    Map<String, String> addedKeys();

    void saveAddedKey(String keyId, String keySpec);

    void forgetAddedKey(String keyId);

    // ------------------------------------------------------------------ housekeeping

    /** Drops usage that no longer counts for anything at {@code now}. */
    void prune(Instant now);
}
