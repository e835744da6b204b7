package com.geminigateway.keys;

import com.geminigateway.gemini.GenerateContentResponse;
import com.geminigateway.json.Json;
import com.geminigateway.upstream.GeminiClient;
import com.geminigateway.upstream.UpstreamFailure;
import com.geminigateway.usage.TokenEstimator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.core5.http.Method;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Checks keys against Google in the background, without holding a thread per check (every call is
 * asynchronous): all keys at start-up, a few at a time so start-up is not delayed and Google not flooded;
 * then, periodically, the keys and models whose check is due (INVALID and SUSPENDED every
 * KEY_REPROBE_MINUTES, MODEL_UNAVAILABLE every MODEL_REPROBE_HOURS).
 *
 * <p>A key is checked with a one-model page of the model list, which costs no quota; a model with the
 * smallest possible generation. A transient failure (429 without a ban, 5xx, network) never marks a key
 * invalid: the pool's classification decides, as for client requests.
 */
public final class KeyProber {

    private static final Logger LOG = LogManager.getLogger(KeyProber.class);
    static final int PARALLEL_CHECKS = 4;
    static final String KEY_CHECK_PATH = "/v1beta/models?pageSize=1";
    private static final byte[] MODEL_CHECK_BODY = ("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\"}]}],"
            + "\"generationConfig\":{\"maxOutputTokens\":1}}").getBytes(StandardCharsets.UTF_8);

    private final GeminiClient client;
    private final KeyPool pool;

    public KeyProber(GeminiClient client, KeyPool pool) {
        this.client = client;
        this.pool = pool;
    }

    /** Checks every key that is not disabled, {@value #PARALLEL_CHECKS} at a time; completes when all are done. */
    public CompletableFuture<Void> checkAllKeys() {
        Deque<ApiKey> queue = new ArrayDeque<>();
        for (ApiKey key : pool.keys()) {
            if (pool.status(key, null, pool.now()).state() != KeyState.DISABLED) {
                queue.add(key);
            }
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (queue.isEmpty()) {
            done.complete(null);
            return done;
        }
        Map<String, Integer> outcomes = new TreeMap<>();
        AtomicInteger running = new AtomicInteger(Math.min(PARALLEL_CHECKS, queue.size()));
        int lanes = running.get();
        for (int i = 0; i < lanes; i++) {
            checkNext(queue, outcomes, running, done);
        }
        return done;
    }

    private void checkNext(Deque<ApiKey> queue, Map<String, Integer> outcomes, AtomicInteger running,
                           CompletableFuture<Void> done) {
        ApiKey key;
        synchronized (queue) {
            key = queue.poll();
        }
        if (key == null) {
            if (running.decrementAndGet() == 0) {
                synchronized (outcomes) {
                    LOG.info("Start-up key check: {}", outcomes);
                }
                done.complete(null);
            }
            return;
        }
        client.call(Method.GET, KEY_CHECK_PATH, null, key.secret()).whenComplete((bytes, error) -> {
            String outcome;
            try {
                if (error == null) {
                    pool.keyAnswered(key);
                    outcome = "answering";
                } else {
                    Verdict verdict = pool.onFailure(key, null, UpstreamFailure.of(error));
                    outcome = switch (verdict.kind()) {
                        case KEY_INVALID -> "INVALID";
                        case KEY_SUSPENDED -> "SUSPENDED";
                        default -> "not checked (" + verdict.reason() + ")";
                    };
                }
            } catch (RuntimeException e) {
                LOG.warn("Start-up check of key {} failed: {}", key.alias(), e.toString());
                outcome = "not checked (internal error)";
            }
            synchronized (outcomes) {
                outcomes.merge(outcome, 1, Integer::sum);
            }
            checkNext(queue, outcomes, running, done);
        });
    }

    /** Starts the checks that are due now; the future completes when all of them are done. */
    public CompletableFuture<Void> probeDue() {
        List<KeyPool.Probe> due = pool.claimDueProbes();
        CompletableFuture<?>[] running = new CompletableFuture<?>[due.size()];
        for (int i = 0; i < due.size(); i++) {
            KeyPool.Probe probe = due.get(i);
            running[i] = probe.model() == null ? probeKey(probe) : probeModel(probe);
        }
        return CompletableFuture.allOf(running);
    }

    private CompletableFuture<Void> probeKey(KeyPool.Probe probe) {
        return client.call(Method.GET, KEY_CHECK_PATH, null, probe.key().secret()).handle((bytes, error) -> {
            if (error == null) {
                pool.probeSucceeded(probe);
            } else {
                pool.onFailure(probe.key(), null, UpstreamFailure.of(error));
            }
            return null;
        });
    }

    private CompletableFuture<Void> probeModel(KeyPool.Probe probe) {
        Lease lease = pool.leaseFor(probe.key(), probe.model(), TokenEstimator.estimate(MODEL_CHECK_BODY));
        String path = "/v1beta/models/" + probe.model() + ":generateContent";
        return client.call(Method.POST, path, MODEL_CHECK_BODY, probe.key().secret()).handle((bytes, error) -> {
            if (error == null) {
                pool.completed(lease, usageOf(bytes));
                pool.probeSucceeded(probe);
            } else {
                pool.released(lease);
                pool.onFailure(probe.key(), probe.model(), UpstreamFailure.of(error));
            }
            return null;
        });
    }

    private static GenerateContentResponse.UsageMetadata usageOf(byte[] bytes) {
        try {
            return Json.read(bytes, GenerateContentResponse.class).usageMetadata();
        } catch (Exception e) {
            return null;
        }
    }
}
