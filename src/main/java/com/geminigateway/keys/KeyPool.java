package com.geminigateway.keys;

import com.geminigateway.upstream.UpstreamFailure;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The Gemini keys and their states. Keys are handed out in turn among those that can serve; a failure
 * is classified and applied to the key that saw it. Lock-free on the hot path except for the tiny
 * per-key monitor.
 */
public final class KeyPool {

    private static final Logger LOG = LogManager.getLogger(KeyPool.class);
    /** Anything shaped like a Google API key, as Google echoes them in 403 messages. */
    private static final Pattern GOOGLE_KEY = Pattern.compile("AIza[0-9A-Za-z_\\-]{8,}");

    private final List<ApiKey> keys;
    private final Clock clock;
    private final AtomicInteger cursor = new AtomicInteger();

    public KeyPool(List<String> secrets, Clock clock) {
        this.keys = new LinkedHashSet<>(secrets).stream().map(ApiKey::new).toList();
        this.clock = clock;
    }

    public int size() {
        return keys.size();
    }

    /** The keys in configured order (for the status page's actions; requests get theirs from {@link #next}). */
    public List<ApiKey> keys() {
        return keys;
    }

    /** The next key, in turn, that can serve now and is not in {@code exclude}. */
    public Optional<ApiKey> next(Set<ApiKey> exclude) {
        int n = keys.size();
        if (n == 0) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        int start = Math.floorMod(cursor.getAndIncrement(), n);
        for (int i = 0; i < n; i++) {
            ApiKey key = keys.get((start + i) % n);
            if (!exclude.contains(key) && key.usableAt(now)) {
                key.markUsed(now);
                return Optional.of(key);
            }
        }
        return Optional.empty();
    }

    /** Applies what the failure says about the key and returns the verdict for the request. */
    public Verdict onFailure(ApiKey key, UpstreamFailure failure) {
        Verdict verdict = FailureClassifier.classify(failure);
        String why = redact(failure.getMessage());
        switch (verdict.kind()) {
            case KEY_INVALID -> {
                key.set(KeyState.INVALID, null, why);
                LOG.warn("Key {} is invalid and leaves the rotation: {}", key.alias(), why);
            }
            case KEY_SUSPENDED -> {
                key.set(KeyState.SUSPENDED, null, why);
                LOG.warn("Key {} is suspended and leaves the rotation: {}", key.alias(), why);
            }
            case KEY_QUOTA -> {
                Instant until = clock.instant().plus(verdict.cooldown());
                key.set(KeyState.COOLING, until, why);
                LOG.info("Key {} cools down until {}: {}", key.alias(), until, why);
            }
            default -> {
                // Not the key's fault: nothing to change.
            }
        }
        return verdict;
    }

    /** The earliest moment a cooling key comes back, if any key is cooling. */
    public Optional<Instant> earliestRecovery() {
        return keys.stream().map(ApiKey::snapshot)
                .filter(s -> s.state() == KeyState.COOLING && s.until() != null)
                .map(ApiKey.Snapshot::until)
                .min(Comparator.naturalOrder());
    }

    public List<ApiKey.Snapshot> snapshot() {
        List<ApiKey.Snapshot> out = new ArrayList<>(keys.size());
        Instant now = clock.instant();
        for (ApiKey key : keys) {
            key.usableAt(now); // lets expired cooldowns show as ACTIVE
            out.add(key.snapshot());
        }
        return out;
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
        Matcher m = GOOGLE_KEY.matcher(out);
        if (m.find()) {
            out = m.replaceAll(r -> Matcher.quoteReplacement(com.geminigateway.config.Masking.mask(r.group())));
        }
        return out;
    }
}
