package com.geminigateway.relay;

import com.geminigateway.keys.ApiKey;
import com.geminigateway.gemini.GenerateContentResponse.UsageMetadata;
import com.geminigateway.json.Json;
import com.geminigateway.keys.Failover;
import com.geminigateway.upstream.GeminiClient;
import com.geminigateway.upstream.UpstreamFailure;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hc.core5.http.Method;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A whole-body call to Gemini with a pooled key, moving to another key while the failover allows. No thread
 * waits: each attempt starts from the previous one's callback (or the scheduler, after a backoff).
 */
public final class PooledCalls {

    private static final Logger LOG = LogManager.getLogger(PooledCalls.class);

    private final GeminiClient client;
    private final Failovers failovers;
    private final ScheduledExecutorService scheduler;
    private final RelayEvents events;

    public PooledCalls(GeminiClient client, Failovers failovers, ScheduledExecutorService scheduler, RelayEvents events) {
        this.client = client;
        this.failovers = failovers;
        this.scheduler = scheduler;
        this.events = events;
    }

    /**
     * @param model      the model the call is for (null when none), for key choice and logs
     * @return the 2xx body; fails with {@link GaveUp} when no key could answer
     */
    public CompletableFuture<byte[]> call(String requestId, String model, Method method, String pathAndQuery, byte[] body) {
        return call(requestId, model, method, pathAndQuery, body, bytes -> bytes, PooledCalls::usageOf);
    }

    /**
     * As {@link #call(String, String, Method, String, byte[])}, with the answer read once by {@code read}
     * (failing with its exception when unreadable) and the usage the pool books taken from the result.
     */
    public <T> CompletableFuture<T> call(String requestId, String model, Method method, String pathAndQuery, byte[] body,
                                         Function<byte[], T> read, Function<T, UsageMetadata> usage) {
        CompletableFuture<T> result = new CompletableFuture<>();
        attempt(new Request<>(requestId, model, method, pathAndQuery, body, read, usage), failovers.start(model, body), result);
        return result;
    }

    private record Request<T>(String requestId, String model, Method method, String path, byte[] body,
                              Function<byte[], T> read, Function<T, UsageMetadata> usage) {
    }

    private <T> void attempt(Request<T> r, Failover failover, CompletableFuture<T> result) {
        String requestId = r.requestId();
        String model = r.model();
        Optional<ApiKey> key = failover.next();
        if (key.isEmpty()) {
            result.completeExceptionally(new GaveUp(failover));
            return;
        }
        long started = System.nanoTime();
        client.call(r.method(), r.path(), r.body(), key.get().secret()).whenComplete((bytes, error) -> {
            if (error == null) {
                T answer;
                try {
                    answer = r.read().apply(bytes);
                } catch (RuntimeException unreadable) {
                    failover.completed(null); // Gemini answered: the request counts
                    result.completeExceptionally(unreadable);
                    return;
                }
                failover.completed(r.usage().apply(answer)); // the pool books what Gemini says this call used
                events.answered(requestId, model, key.get().alias(), since(started));
                result.complete(answer);
                return;
            }
            if (failed(requestId, model, failover, key.get(), UpstreamFailure.of(error), started)) {
                later(failover.backoff(), () -> attempt(r, failover, result));
            } else {
                result.completeExceptionally(new GaveUp(failover));
            }
        });
    }

    /** Only a generateContent answer carries usage; anything else (embeddings, lists) counts as a request. */
    private static UsageMetadata usageOf(byte[] bytes) {
        try {
            return Json.MAPPER.readValue(bytes, WithUsage.class).usageMetadata();
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    private record WithUsage(UsageMetadata usageMetadata) {
    }

    void later(Duration delay, Runnable task) {
        if (delay.isZero()) {
            task.run();
        } else {
            scheduler.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * The one place an attempt's failure is handled, for every route: logged, applied to the key through the
     * request's failover, told to the observers. True when the request should try another key.
     *
     * @param started {@link System#nanoTime()} when the attempt was sent
     */
    boolean failed(String requestId, String model, Failover failover, ApiKey key, UpstreamFailure failure, long started) {
        LOG.info("[{}] key {} failed for {}: {} {}", requestId, key.alias(), model,
                failure.httpStatus() == 0 ? failure.kind() : failure.httpStatus(),
                failovers.pool().redact(failure.getMessage()));
        boolean retry = failover.failed(key, failure);
        events.attemptFailed(requestId, model, key.alias(), failure, failover.lastVerdict(), since(started), retry);
        return retry;
    }

    static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    RelayEvents events() {
        return events;
    }

    GeminiClient client() {
        return client;
    }

    Failovers failovers() {
        return failovers;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }
}
