package com.geminigateway.relay;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The streams in flight, so that a shutdown can let them finish within a grace period and then end the
 * rest properly (an error event for OpenAI clients) instead of cutting connections mid-sentence.
 */
public final class ActiveStreams {

    private static final Logger LOG = LogManager.getLogger(ActiveStreams.class);
    static final String SHUTTING_DOWN = "The gateway is shutting down; please retry.";

    /** A stream that can be ended early: with an error for its client, and its upstream call aborted. */
    interface Terminable {
        /** @return completes when the client's response has really ended (its last bytes written) */
        CompletableFuture<Void> terminate(String reason);
    }

    /** How long terminated streams get to write their closing event before the server goes on stopping. */
    static final Duration LAST_WORDS = Duration.ofSeconds(3);

    private final Set<Terminable> active = ConcurrentHashMap.newKeySet();

    void add(Terminable stream) {
        active.add(stream);
    }

    void remove(Terminable stream) {
        active.remove(stream);
    }

    public int count() {
        return active.size();
    }

    /**
     * Waits up to {@code grace} for the running streams to end by themselves, then terminates the rest.
     * Called once, from the shutdown path; it blocks that thread on purpose.
     */
    public void drain(Duration grace) {
        int running = active.size();
        if (running == 0) {
            return;
        }
        LOG.info("Shutting down: waiting up to {} s for {} running streams", grace.toSeconds(), running);
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            while (!active.isEmpty() && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(50); // shutdown only: a plain poll keeps every stream path free of it
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Terminable> left = List.copyOf(active);
        if (!left.isEmpty()) {
            LOG.warn("Shutting down: ending {} streams that did not finish within {} s", left.size(), grace.toSeconds());
            CompletableFuture<?>[] ending = left.stream().map(stream -> stream.terminate(SHUTTING_DOWN))
                    .toArray(CompletableFuture[]::new);
            try {
                CompletableFuture.allOf(ending).get(LAST_WORDS.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                LOG.warn("Shutting down: some streams could not be ended cleanly: {}", e.toString());
            }
        }
    }
}
