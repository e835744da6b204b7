package com.geminigateway.relay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.glassfish.jersey.server.ChunkedOutput;

/**
 * Writes SSE frames to the client in order, off the HttpClient I/O thread: a slow client then blocks a
 * writer thread for a moment instead of stalling every stream on that reactor. Frames queued while a
 * write is running go out together in the next write. One drain runs at a time per stream. Frames go out as
 * UTF-8 bytes: Jersey would otherwise give every String chunk its own 8 KB encoder buffer.
 */
final class SseWriter {

    static final String HEARTBEAT = ": keep-alive\n\n";

    private final ChunkedOutput<byte[]> out = new ChunkedOutput<>(byte[].class);
    private final Executor executor;
    private final Runnable onClientGone;
    private final ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private volatile boolean closeRequested;
    private volatile boolean gone;
    private volatile long lastSendNanos = System.nanoTime();
    private boolean closed; // touched only by the drain that holds 'draining'
    private final CompletableFuture<Void> ended = new CompletableFuture<>();

    SseWriter(Executor executor, Runnable onClientGone) {
        this.executor = executor;
        this.onClientGone = onClientGone;
    }

    void send(String frame) {
        if (gone || closeRequested) {
            return;
        }
        lastSendNanos = System.nanoTime();
        queue.add(frame);
        schedule();
    }

    /** A comment frame when nothing was sent for {@code idleNanos}: keeps proxies open, detects a gone client. */
    void heartbeatIfIdle(long idleNanos) {
        if (System.nanoTime() - lastSendNanos >= idleNanos) {
            send(HEARTBEAT);
        }
    }

    /** Ends the response after the frames already queued. */
    void close() {
        closeRequested = true;
        schedule();
    }

    /** The response entity that carries the frames. */
    ChunkedOutput<byte[]> output() {
        return out;
    }

    boolean isGone() {
        return gone;
    }

    /** Completes once the response has ended: the last frame written and the output closed (or the client gone). */
    CompletableFuture<Void> ended() {
        return ended;
    }

    private void schedule() {
        if (draining.compareAndSet(false, true)) {
            executor.execute(this::drain);
        }
    }

    private void drain() {
        while (true) {
            String batch = pollAll();
            if (batch != null && !gone) {
                try {
                    out.write(batch.getBytes(StandardCharsets.UTF_8));
                } catch (IOException | RuntimeException e) {
                    gone = true;
                    queue.clear();
                    onClientGone.run();
                }
            }
            if ((closeRequested || gone) && queue.isEmpty() && !closed) {
                closed = true;
                closeQuietly();
            }
            draining.set(false);
            boolean more = !queue.isEmpty() || (closeRequested && !closed);
            if (!more || !draining.compareAndSet(false, true)) {
                return;
            }
        }
    }

    private String pollAll() {
        String first = queue.poll();
        if (first == null) {
            return null;
        }
        String next = queue.poll();
        if (next == null) {
            return first;
        }
        StringBuilder sb = new StringBuilder(first.length() * 3).append(first).append(next);
        while ((next = queue.poll()) != null) {
            sb.append(next);
        }
        return sb.toString();
    }

    private void closeQuietly() {
        try {
            out.close();
        } catch (IOException | RuntimeException ignored) {
            // The client is gone or the response already ended: nothing left to tell anyone.
        } finally {
            ended.complete(null);
        }
    }
}
