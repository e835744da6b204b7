package com.geminigateway.keys;

import com.geminigateway.config.GatewayConfig;
import com.geminigateway.config.Masking;
import com.geminigateway.config.SecretMask;
import com.geminigateway.gemini.GenerateContentResponse.UsageMetadata;
import com.geminigateway.gemini.QuotaViolation;
import com.geminigateway.store.LimitKey;
import com.geminigateway.store.PoolStore;
import com.geminigateway.store.Scope;
import com.geminigateway.store.StateRecord;
import com.geminigateway.store.UsageKey;
import com.geminigateway.upstream.UpstreamFailure;
import com.geminigateway.usage.LimitMetric;
import com.geminigateway.usage.ModelLimit;
import com.geminigateway.usage.ModelLimits;
import com.geminigateway.usage.PacificDay;
import com.geminigateway.usage.UsageDelta;
import com.geminigateway.usage.UsageFigures;
import com.geminigateway.usage.UsageReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The Gemini keys, what Google said about each (states per key, per project, per model) and how much
 * of each project's quota is used. Chooses the healthiest key for a model, applies what a failure means,
 * books usage, and lets an administrator add, disable, enable and remove keys at run time.
 *
 * <p>States, usage and learned facts live in the {@link PoolStore}; this class holds only the key list
 * (an immutable list, replaced under {@code membershipLock}) and the selection lock, which makes the check
 * of a key's remaining quota and the booking of the request one step. Neither lock is held while calling
 * anything but the store, so no path can deadlock; removing a key never waits for its requests.
 */
public final class KeyPool {

    private static final Logger LOG = LogManager.getLogger(KeyPool.class);
    /** Anything shaped like a Google API key, as Google echoes them in 403 messages. */
    /** Anything shaped like a Google key, masked the way the logs mask it (one rule for both). */
    private static final SecretMask GOOGLE_SHAPED = SecretMask.of(List.of());
    /** A full concurrency cap frees up as soon as one request ends: a client may retry very soon. */
    private static final Duration BUSY_RETRY = Duration.ofSeconds(1);

    private final PoolStore store;
    private final ModelLimits limits;
    private final GatewayConfig.Pool settings;
    private final Clock clock;
    private final Object selectionLock = new Object();
    private final Object membershipLock = new Object();
    private volatile List<ApiKey> keys = List.of();

    public KeyPool(List<String> configuredEntries, PoolStore store, ModelLimits limits, GatewayConfig.Pool settings,
                   Clock clock) {
        this.store = store;
        this.limits = limits;
        this.settings = settings;
        this.clock = clock;
        synchronized (membershipLock) {
            Map<String, ApiKey> byId = new LinkedHashMap<>();
            for (String entry : configuredEntries) {
                parse(entry).ifPresent(spec -> byId.putIfAbsent(ApiKey.idOf(spec.secret()), newKey(spec, ApiKey.Origin.CONFIGURED)));
            }
            store.addedKeys().forEach((id, entry) -> parse(entry).ifPresent(spec -> {
                if (byId.containsKey(id)) {
                    store.forgetAddedKey(id); // configured meanwhile: the configuration owns it now
                } else {
                    byId.put(id, newKey(spec, ApiKey.Origin.ADDED));
                }
            }));
            keys = List.copyOf(byId.values());
            refreshLearnedProjects();
        }
    }

    // ================================================================== choosing a key

    /** The outcome of a choice: a lease on the chosen key, or null when no key could be chosen. */
    record Choice(Lease lease) {
    }

    /**
     * Chooses a key for {@code model} (null for calls that are about no model) and books the request on it.
     * Keys not ACTIVE for the model, keys in {@code triedKeyIds}, keys at their concurrency cap and keys
     * whose project has too little quota left are skipped; among the rest, keys of projects not tried yet
     * come first, then the highest health score, then the least recently used key.
     */
    Choice choose(String model, long estimatedInputTokens, Set<String> triedKeyIds, Set<String> triedSubjects) {
        synchronized (selectionLock) {
            Instant now = clock.instant();
            List<ApiKey> all = keys;
            Map<String, List<ApiKey>> bySubject = groupBySubject(all);
            Map<String, UsageFigures> subjectUsage = new HashMap<>();
            ApiKey best = null;
            boolean bestTriedSubject = false;
            double bestScore = -1;
            for (ApiKey key : all) {
                if (triedKeyIds.contains(key.id()) || !status(key, model, now).isActive()) {
                    continue;
                }
                if (settings.maxConcurrentPerKey() > 0 && key.inFlight(now) >= settings.maxConcurrentPerKey()) {
                    continue;
                }
                double score = 1.0;
                if (model != null) {
                    ModelLimit limit = limitFor(key, model);
                    UsageFigures used = subjectUsage.computeIfAbsent(key.quotaSubject(),
                            s -> usageOf(bySubject.get(s), model, now));
                    if (QuotaCheck.refusal(limit, used, estimatedInputTokens, now) != null) {
                        continue;
                    }
                    score = Math.round(QuotaCheck.score(limit, used, settings.weights()) * 1e9) / 1e9;
                }
                boolean triedSubject = triedSubjects.contains(key.quotaSubject());
                if (best == null || better(triedSubject, score, key, bestTriedSubject, bestScore, best)) {
                    best = key;
                    bestScore = score;
                    bestTriedSubject = triedSubject;
                }
            }
            if (best == null) {
                return new Choice(null);
            }
            Lease lease = best.lease(model, now, estimatedInputTokens);
            best.markUsed(now);
            if (model != null) {
                store.recordUsage(new UsageKey(best.id(), model), now, UsageDelta.request(estimatedInputTokens), now);
            }
            return new Choice(lease);
        }
    }

    /** Books a call with a given key (a check of a model), outside the normal choice. */
    Lease leaseFor(ApiKey key, String model, long estimatedInputTokens) {
        Instant now = clock.instant();
        Lease lease = key.lease(model, now, estimatedInputTokens);
        if (model != null) {
            store.recordUsage(new UsageKey(key.id(), model), now, UsageDelta.request(estimatedInputTokens), now);
        }
        return lease;
    }

    private static boolean better(boolean triedSubject, double score, ApiKey key,
                                  boolean bestTriedSubject, double bestScore, ApiKey best) {
        if (triedSubject != bestTriedSubject) {
            return !triedSubject;
        }
        if (score != bestScore) {
            return score > bestScore;
        }
        return key.lastUsedMillis() < best.lastUsedMillis();
    }

    private static Map<String, List<ApiKey>> groupBySubject(List<ApiKey> all) {
        Map<String, List<ApiKey>> groups = new HashMap<>();
        for (ApiKey key : all) {
            groups.computeIfAbsent(key.quotaSubject(), s -> new ArrayList<>()).add(key);
        }
        return groups;
    }

    /** The usage of a whole quota subject (all keys of one project) for a model. */
    private UsageFigures usageOf(List<ApiKey> subjectKeys, String model, Instant now) {
        UsageFigures sum = UsageFigures.NONE;
        for (ApiKey key : subjectKeys) {
            sum = sum.plus(store.usage(new UsageKey(key.id(), model), now));
        }
        return sum;
    }

    UsageFigures subjectUsage(ApiKey key, String model, Instant now) {
        return usageOf(groupBySubject(keys).getOrDefault(key.quotaSubject(), List.of(key)), model, now);
    }

    /** The limits that apply to a key's project for a model: learned from Google first, then model_limits.json. */
    public ModelLimit limitFor(ApiKey key, String model) {
        ModelLimit limit = limits.of(model, key.tier());
        for (LimitMetric metric : LimitMetric.values()) {
            OptionalLong learned = store.learnedLimit(new LimitKey(key.quotaSubject(), model, metric));
            if (learned.isPresent()) {
                limit = limit.with(metric, learned.getAsLong());
            }
        }
        return limit;
    }

    /**
     * Whether any key could serve {@code model} now (ignoring requests' tried sets), and if not why and
     * when one will.
     */
    public Availability availability(String model, long estimatedInputTokens) {
        Instant now = clock.instant();
        List<ApiKey> all = keys;
        if (all.isEmpty()) {
            return new Availability(0, now, null, "no keys are configured", false);
        }
        Map<String, List<ApiKey>> bySubject = groupBySubject(all);
        Map<String, Integer> blockers = new TreeMap<>();
        Instant earliest = null;
        boolean modelUnavailable = false;
        for (ApiKey key : all) {
            KeyStatus status = status(key, model, now);
            Instant ready;
            String label;
            if (!status.isActive()) {
                ready = status.readyAt();
                label = status.state() + (status.reason() == null ? "" : " (" + status.reason() + ")");
                modelUnavailable |= status.state() == KeyState.MODEL_UNAVAILABLE;
            } else if (settings.maxConcurrentPerKey() > 0 && key.inFlight(now) >= settings.maxConcurrentPerKey()) {
                ready = now.plus(BUSY_RETRY);
                label = "busy (" + settings.maxConcurrentPerKey() + " requests in flight)";
            } else {
                QuotaCheck.Refusal refusal = model == null ? null : QuotaCheck.refusal(limitFor(key, model),
                        usageOf(bySubject.get(key.quotaSubject()), model, now), estimatedInputTokens, now);
                if (refusal == null) {
                    return new Availability(all.size(), now, now, "a key is ready", false);
                }
                ready = refusal.readyAt();
                label = refusal.describe() + " (local count)";
            }
            blockers.merge(label, 1, Integer::sum);
            if (ready != null && (earliest == null || ready.isBefore(earliest))) {
                earliest = ready;
            }
        }
        List<String> parts = new ArrayList<>();
        blockers.forEach((label, n) -> parts.add(n + (n == 1 ? " key " : " keys ") + label));
        return new Availability(all.size(), now, earliest, String.join(", ", parts), modelUnavailable);
    }

    // ================================================================== outcomes

    /** Ends an attempt that got an answer: books the real usage in place of the estimate. */
    void completed(Lease lease, UsageMetadata usage) {
        if (!lease.key().release(lease)) {
            return;
        }
        lease.key().succeeded();
        if (lease.model() == null) {
            return;
        }
        long input = usage == null ? lease.estimatedInputTokens()
                : n(usage.promptTokenCount()) + n(usage.toolUsePromptTokenCount());
        UsageDelta correction = new UsageDelta(0, input - lease.estimatedInputTokens(),
                usage == null ? 0 : n(usage.candidatesTokenCount()), usage == null ? 0 : n(usage.thoughtsTokenCount()));
        store.recordUsage(new UsageKey(lease.key().id(), lease.model()), lease.at(), correction, clock.instant());
    }

    /** Ends an attempt that failed: the booked request is taken back (Google did not serve it). */
    void released(Lease lease) {
        if (lease.key().release(lease) && lease.model() != null) {
            store.recordUsage(new UsageKey(lease.key().id(), lease.model()), lease.at(),
                    UsageDelta.request(lease.estimatedInputTokens()).negate(), clock.instant());
        }
    }

    private static long n(Integer value) {
        return value == null ? 0 : value;
    }

    /**
     * Applies what a failure says about the key, its project and the model (null when the call was about
     * no model), learns the project and limits Google names, and returns the verdict for the request.
     */
    public Verdict onFailure(ApiKey key, String model, UpstreamFailure failure) {
        Verdict verdict = FailureClassifier.classify(failure);
        Instant now = clock.instant();
        String error = redact(failure.getMessage());
        key.failed(now, error);
        if (verdict.project() != null && !key.projectConfigured() && !verdict.project().equals(key.project())) {
            store.learnProject(key.id(), verdict.project());
            key.learnProject(verdict.project());
            LOG.info("Key {} belongs to Google Cloud project {}: its quota states are shared with that project's keys",
                    key.alias(), verdict.project());
        }
        if (model != null) {
            learnLimits(key, model, verdict.violations());
        }
        Scope keyWide = Scope.whole(key.keySubject());
        Scope projectWide = Scope.whole(key.quotaSubject());
        switch (verdict.kind()) {
            case KEY_INVALID -> set(key, keyWide, KeyState.INVALID, verdict.reason(), error, now.plus(settings.keyReprobe()));
            case KEY_SUSPENDED -> set(key, projectWide, KeyState.SUSPENDED, verdict.reason(), error, now.plus(settings.keyReprobe()));
            case BILLING -> set(key, projectWide, KeyState.COOLING, verdict.reason(), error, now.plus(verdict.cooldown()));
            case QUOTA_MINUTE -> {
                if (model != null) {
                    set(key, new Scope(key.quotaSubject(), model), KeyState.COOLING, verdict.reason(), error, now.plus(verdict.cooldown()));
                }
            }
            case QUOTA_DAY -> {
                if (model != null) {
                    set(key, new Scope(key.quotaSubject(), model), KeyState.DAY_EXHAUSTED, verdict.reason(), error,
                            PacificDay.nextMidnight(now));
                }
            }
            case MODEL_UNAVAILABLE -> {
                if (model != null) {
                    set(key, new Scope(key.quotaSubject(), model), KeyState.MODEL_UNAVAILABLE, verdict.reason(), error,
                            now.plus(settings.modelReprobe()));
                }
            }
            case THROTTLED -> {
                if (model != null) {
                    set(key, new Scope(key.keySubject(), model), KeyState.COOLING, verdict.reason(), error, now.plus(verdict.cooldown()));
                }
            }
            case TRANSIENT, CLIENT_ERROR -> {
                // Not the key's fault: nothing changes.
            }
        }
        return verdict;
    }

    private void learnLimits(ApiKey key, String model, List<QuotaViolation> violations) {
        for (QuotaViolation v : violations) {
            long value = v.limit().orElse(0);
            if (value <= 0 || !(v.perMinute() || v.perDay())) {
                continue;
            }
            LimitMetric metric = v.perMinute() ? (v.countsTokens() ? LimitMetric.TPM : LimitMetric.RPM)
                    : (v.countsTokens() ? LimitMetric.TPD : LimitMetric.RPD);
            LimitKey limitKey = new LimitKey(key.quotaSubject(), model, metric);
            if (store.learnedLimit(limitKey).orElse(-1) != value) {
                store.learnLimit(limitKey, value);
                Long configured = limits.of(model, key.tier()).get(metric);
                LOG.info("Google says {} allows {} {} for {} (model_limits.json: {})", model, value, metric,
                        subjectName(key), configured == null ? "none" : configured);
            }
        }
    }

    /**
     * Records {@code state} on {@code scope} unless a more severe one is there (a dead key stays dead when a
     * late cooldown arrives; a cooldown never shortens another), and logs real changes.
     */
    private void set(ApiKey key, Scope scope, KeyState state, String reason, String error, Instant until) {
        Instant now = clock.instant();
        StateRecord[] before = new StateRecord[1];
        StateRecord after = store.updateState(scope, current -> {
            before[0] = current;
            KeyState currentState = current == null || ended(current, now) ? null : stateOf(current);
            if (currentState != null && currentState.isMoreSevereThan(state)) {
                return current;
            }
            if (currentState == state && state.endsByItself() && current.until() != null && !current.until().isBefore(until)) {
                return current;
            }
            Instant since = currentState == state ? current.since() : now;
            return new StateRecord(state.name(), reason, error, since, until);
        });
        boolean changed = before[0] == null || ended(before[0], now) || !before[0].state().equals(after.state());
        if (changed && after.state().equals(state.name())) {
            String where = scope.isWhole() ? subjectName(key) : subjectName(key) + " for " + scope.model();
            if (state.endsByItself()) {
                LOG.info("{} is {} until {}: {} ({})", where, state, after.until(), reason, error);
            } else {
                LOG.warn("{} is {}: {}; checked again at {} ({})", where, state, reason, after.until(), error);
            }
        }
    }

    private String subjectName(ApiKey key) {
        String project = key.project();
        return project == null ? "key " + key.alias() : "project " + project + " (key " + key.alias() + ")";
    }

    // ================================================================== states

    /** The effective state of a key for a model (null: as a whole), from its own and its project's states. */
    public KeyStatus status(ApiKey key, String model, Instant now) {
        KeyStatus worst = null;
        Instant readyAt = now;
        boolean recovers = true;
        for (Scope scope : scopesOf(key, model)) {
            StateRecord record = store.state(scope).orElse(null);
            if (record == null || ended(record, now)) {
                continue;
            }
            KeyState state = stateOf(record);
            if (state == null) {
                continue;
            }
            if (!state.endsByItself()) {
                recovers = false;
            } else if (record.until() != null && record.until().isAfter(readyAt)) {
                readyAt = record.until();
            }
            if (worst == null || state.isMoreSevereThan(worst.state())) {
                worst = new KeyStatus(state, record.reason(), record.lastError(), record.since(), record.until(), null,
                        describe(key, scope));
            }
        }
        if (worst == null) {
            return KeyStatus.active(now);
        }
        return new KeyStatus(worst.state(), worst.reason(), worst.lastError(), worst.since(), worst.until(),
                recovers ? readyAt : null, worst.appliesTo());
    }

    private static List<Scope> scopesOf(ApiKey key, String model) {
        List<Scope> scopes = new ArrayList<>(4);
        scopes.add(Scope.whole(key.keySubject()));
        boolean project = !key.quotaSubject().equals(key.keySubject());
        if (project) {
            scopes.add(Scope.whole(key.quotaSubject()));
        }
        if (model != null) {
            scopes.add(new Scope(key.keySubject(), model));
            if (project) {
                scopes.add(new Scope(key.quotaSubject(), model));
            }
        }
        return scopes;
    }

    private static String describe(ApiKey key, Scope scope) {
        String subject = scope.subject().equals(key.keySubject()) ? "key" : "project";
        return scope.isWhole() ? subject : subject + "+model";
    }

    static KeyState stateOf(StateRecord record) {
        try {
            return KeyState.valueOf(record.state());
        } catch (IllegalArgumentException e) {
            return null; // written by a newer gateway: ignore rather than guess
        }
    }

    private static boolean ended(StateRecord record, Instant now) {
        KeyState state = stateOf(record);
        return state == null || (state.endsByItself() && record.until() != null && !now.isBefore(record.until()));
    }

    // ================================================================== checks (see KeyProber)

    /** A state whose check is due: probe it with {@code key} (for {@code model}, or the key as a whole). */
    record Probe(ApiKey key, String model, Scope scope, KeyState state) {
    }

    /**
     * States that are due for a check, each claimed by moving its next check one interval on (so a slow
     * probe is not started twice). States whose subject has no usable key stay as they are.
     */
    List<Probe> claimDueProbes() {
        Instant now = clock.instant();
        List<ApiKey> all = keys;
        List<Probe> due = new ArrayList<>();
        store.states().forEach((scope, record) -> {
            KeyState state = stateOf(record);
            if (state == null || state.endsByItself() || state == KeyState.DISABLED
                    || record.until() == null || record.until().isAfter(now)) {
                return;
            }
            Optional<ApiKey> prober = proberFor(all, scope, state, now);
            if (prober.isEmpty()) {
                return;
            }
            Duration interval = state == KeyState.MODEL_UNAVAILABLE ? settings.modelReprobe() : settings.keyReprobe();
            StateRecord claimed = new StateRecord(record.state(), record.reason(), record.lastError(), record.since(),
                    now.plus(interval));
            StateRecord result = store.updateState(scope, current -> record.equals(current) ? claimed : current);
            if (claimed.equals(result)) {
                due.add(new Probe(prober.get(), scope.model(), scope, state));
            }
        });
        return due;
    }

    private Optional<ApiKey> proberFor(List<ApiKey> all, Scope scope, KeyState state, Instant now) {
        for (ApiKey key : all) {
            if (!scope.subject().equals(key.keySubject()) && !scope.subject().equals(key.quotaSubject())) {
                continue;
            }
            if (scope.subject().equals(key.keySubject())) {
                return Optional.of(key); // the key's own state: only it can tell
            }
            KeyState own = status(key, null, now).state();
            if (own == KeyState.ACTIVE || own == state) {
                return Optional.of(key);
            }
        }
        return Optional.empty();
    }

    /** A check succeeded: the probed state is lifted (unless something else replaced it meanwhile). */
    void probeSucceeded(Probe probe) {
        StateRecord after = store.updateState(probe.scope(),
                current -> current != null && probe.state().name().equals(current.state()) ? null : current);
        probe.key().succeeded();
        if (after == null) {
            LOG.info("{}{} serves again: the check after {} succeeded", subjectName(probe.key()),
                    probe.model() == null ? "" : " for " + probe.model(), probe.state());
        }
    }

    /** A key answered a check: any INVALID or SUSPENDED state of it (e.g. from an old snapshot) is lifted. */
    public void keyAnswered(ApiKey key) {
        key.succeeded();
        for (Scope scope : List.of(Scope.whole(key.keySubject()), Scope.whole(key.quotaSubject()))) {
            KeyState[] lifted = new KeyState[1];
            store.updateState(scope, current -> {
                KeyState state = current == null ? null : stateOf(current);
                lifted[0] = state == KeyState.INVALID || state == KeyState.SUSPENDED ? state : null;
                return lifted[0] != null ? null : current;
            });
            if (lifted[0] != null) {
                LOG.info("{} answers again: no longer {}", subjectName(key), lifted[0]);
            }
        }
    }

    /** Housekeeping: drops ended states and states of keys that are gone, prunes idle usage. */
    public void sweep() {
        Instant now = clock.instant();
        Set<String> subjects = new HashSet<>();
        for (ApiKey key : keys) {
            subjects.add(key.keySubject());
            subjects.add(key.quotaSubject());
        }
        store.states().forEach((scope, record) -> {
            boolean orphan = !subjects.contains(scope.subject());
            if (ended(record, now) || (orphan && !stateOf(record).endsByItself())) {
                store.updateState(scope, current -> record.equals(current) ? null : current);
            }
        });
        store.prune(now);
        refreshLearnedProjects();
    }

    private void refreshLearnedProjects() {
        Map<String, String> learned = store.learnedProjects();
        for (ApiKey key : keys) {
            String project = learned.get(key.id());
            if (project != null) {
                key.learnProject(project);
            }
        }
    }

    // ================================================================== membership

    public List<ApiKey> keys() {
        return keys;
    }

    public int size() {
        return keys.size();
    }

    public Optional<ApiKey> byId(String id) {
        return keys.stream().filter(k -> k.id().equals(id)).findFirst();
    }

    /**
     * Adds a key at run time; it is kept in the store, so it survives restarts. Its counters and states
     * from an earlier life in the pool come back with it.
     *
     * @throws IllegalStateException when the key is already in the pool
     */
    public ApiKey add(KeySpec spec) {
        synchronized (membershipLock) {
            String id = ApiKey.idOf(spec.secret());
            if (byId(id).isPresent()) {
                throw new IllegalStateException("Key " + Masking.mask(spec.secret()) + " is already in the pool (id " + id + ")");
            }
            ApiKey key = newKey(spec, ApiKey.Origin.ADDED);
            store.saveAddedKey(id, spec.toEntry());
            List<ApiKey> next = new ArrayList<>(keys);
            next.add(key);
            keys = List.copyOf(next);
            refreshLearnedProjects();
            LOG.info("Key {} added to the pool (id {})", key.alias(), id);
            return key;
        }
    }

    /**
     * Removes a key at once; requests using it finish normally. Its counters stay in the store. A
     * configured key comes back with the next reload or restart unless it is removed from the configuration.
     *
     * @throws NoSuchElementException when there is no such key
     */
    public ApiKey remove(String id) {
        synchronized (membershipLock) {
            ApiKey key = byId(id).orElseThrow(() -> new NoSuchElementException("No key with id " + id));
            keys = keys.stream().filter(k -> k != key).toList();
            if (key.origin() == ApiKey.Origin.ADDED) {
                store.forgetAddedKey(id);
            }
            LOG.info("Key {} removed from the pool (id {})", key.alias(), id);
            return key;
        }
    }

    /** Takes a key out of the rotation until {@link #enable}; survives restarts. */
    public ApiKey disable(String id) {
        ApiKey key = byId(id).orElseThrow(() -> new NoSuchElementException("No key with id " + id));
        Instant now = clock.instant();
        store.updateState(Scope.whole(key.keySubject()),
                current -> new StateRecord(KeyState.DISABLED.name(), "disabled by an administrator", null, now, null));
        LOG.info("Key {} disabled by an administrator", key.alias());
        return key;
    }

    /** Brings a disabled key back; any other state it had is checked again by its next use. */
    public ApiKey enable(String id) {
        ApiKey key = byId(id).orElseThrow(() -> new NoSuchElementException("No key with id " + id));
        store.updateState(Scope.whole(key.keySubject()),
                current -> current != null && KeyState.DISABLED.name().equals(current.state()) ? null : current);
        LOG.info("Key {} enabled by an administrator", key.alias());
        return key;
    }

    /**
     * Lifts a COOLING state of the key, for one model (or, with {@code model} null, for all), on the key
     * and on its project: an administrator's call, e.g. after raising the project's quota.
     *
     * @return how many cooldowns were lifted
     * @throws NoSuchElementException when there is no such key
     */
    public int clearCooldown(String id, String model) {
        ApiKey key = byId(id).orElseThrow(() -> new NoSuchElementException("No key with id " + id));
        int[] lifted = new int[1];
        for (Scope scope : List.copyOf(store.states().keySet())) {
            boolean ours = scope.subject().equals(key.keySubject()) || scope.subject().equals(key.quotaSubject());
            if (ours && (model == null || model.equals(scope.model()) || scope.isWhole())) {
                store.updateState(scope, current -> {
                    if (current != null && KeyState.COOLING.name().equals(current.state())) {
                        lifted[0]++;
                        return null;
                    }
                    return current;
                });
            }
        }
        LOG.info("Key {}: {} cooldowns cleared by an administrator{}", key.alias(), lifted[0],
                model == null ? "" : " for " + model);
        return lifted[0];
    }

    /** What a reload of the configured key source changed, by key id. */
    public record ReloadResult(List<String> added, List<String> removed, List<String> changed, int unchanged) {
    }

    /**
     * Makes the configured keys those of {@code configuredEntries}: new ones join, missing ones leave,
     * changed labels apply. Keys added at run time stay. Counters and states are kept throughout.
     */
    public ReloadResult reload(List<String> configuredEntries) {
        synchronized (membershipLock) {
            Map<String, KeySpec> wanted = new LinkedHashMap<>();
            for (String entry : configuredEntries) {
                parse(entry).ifPresent(spec -> wanted.putIfAbsent(ApiKey.idOf(spec.secret()), spec));
            }
            List<String> added = new ArrayList<>();
            List<String> removed = new ArrayList<>();
            List<String> changed = new ArrayList<>();
            int unchanged = 0;
            List<ApiKey> next = new ArrayList<>();
            for (ApiKey key : keys) {
                KeySpec spec = wanted.remove(key.id());
                if (spec == null) {
                    if (key.origin() == ApiKey.Origin.ADDED) {
                        next.add(key);
                    } else {
                        removed.add(key.id());
                    }
                } else if (spec.equals(key.spec()) && key.origin() == ApiKey.Origin.CONFIGURED) {
                    next.add(key);
                    unchanged++;
                } else {
                    store.forgetAddedKey(key.id());
                    next.add(newKey(spec, ApiKey.Origin.CONFIGURED));
                    changed.add(key.id());
                }
            }
            wanted.forEach((id, spec) -> {
                next.add(newKey(spec, ApiKey.Origin.CONFIGURED));
                added.add(id);
            });
            keys = List.copyOf(next);
            refreshLearnedProjects();
            LOG.info("Configured keys reloaded: {} added, {} removed, {} changed, {} unchanged",
                    added.size(), removed.size(), changed.size(), unchanged);
            return new ReloadResult(added, removed, changed, unchanged);
        }
    }

    private ApiKey newKey(KeySpec spec, ApiKey.Origin origin) {
        ApiKey key = new ApiKey(spec, settings.defaultTier(), origin);
        if (!limits.tiers().isEmpty() && !limits.tiers().contains(key.tier())) {
            LOG.warn("Key {} has tier '{}', which {} does not name: only limits that apply to every tier are known for it",
                    key.alias(), key.tier(), limits.origin());
        }
        return key;
    }

    private static Optional<KeySpec> parse(String entry) {
        try {
            return Optional.of(KeySpec.parse(entry));
        } catch (IllegalArgumentException e) {
            LOG.warn("Ignoring a malformed key entry ({}): {}", Masking.mask(entry), e.getMessage());
            return Optional.empty();
        }
    }

    // ================================================================== reports and views

    /** Usage against capacity per model, keys by state, projection, history and advice, as structured data. */
    public UsageReport report() {
        return PoolReports.build(this, clock.instant());
    }

    /** Every key as the status page and the admin API show it. */
    public List<KeyView> views() {
        Instant now = clock.instant();
        return keys.stream().map(k -> KeyView.of(this, k, now)).toList();
    }

    // ================================================================== shared helpers

    PoolStore store() {
        return store;
    }

    ModelLimits limits() {
        return limits;
    }

    GatewayConfig.Pool settings() {
        return settings;
    }

    public Instant now() {
        return clock.instant();
    }

    /** Replaces every pool key, and anything shaped like a Google key, with its masked form. */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (ApiKey key : keys) {
            if (out.contains(key.secret())) {
                out = out.replace(key.secret(), key.alias());
            }
        }
        return GOOGLE_SHAPED.apply(out);
    }
}
