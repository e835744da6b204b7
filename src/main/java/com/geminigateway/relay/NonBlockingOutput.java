package com.geminigateway.relay;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.glassfish.jersey.server.ChunkedOutput;

/**
 * Writes a response body to the client in order, piece by piece (SSE frames, or a whole answer too large
 * to leave to a blocking write), with the servlet container's non-blocking output: the thread that has a
 * piece (HttpClient's I/O thread for Gemini's events and answers, the timer for heartbeats) writes it at
 * once, without waking another thread, and never waits for a slow client. When the client's socket is full,
 * pieces queue up and go out together from the container's {@link WriteListener#onWritePossible} callback.
 * <p>
 * Jersey owns the response's life: the {@link ChunkedOutput} handed to it writes the headers (an empty first
 * chunk) and, once closed, ends the response and releases the request. The pieces themselves bypass it,
 * straight to the servlet stream: Jersey's per-chunk writer chain cost more than an SSE frame.
 * One drain runs at a time per response; it checks {@code isReady()} before every write, flush and close, as
 * non-blocking output requires.
 */
final class NonBlockingOutput implements WriteListener {

    static final String HEARTBEAT = ": keep-alive\n\n";
    private static final byte[] NOTHING = new byte[0];

    private final ChunkedOutput<byte[]> out = new ChunkedOutput<>(byte[].class);
    private final AsyncContext servlet;
    private final Runnable onClientGone;
    private final ConcurrentLinkedQueue<byte[]> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private volatile boolean closeRequested;
    private volatile boolean failed; // the container reported a write error
    /** The socket was full at the last check: the container calls onWritePossible once it has room. */
    private volatile boolean blocked;
    private volatile boolean gone;
    private volatile long lastSendNanos = System.nanoTime();
    // Touched only by the drain that holds 'draining' (and by start, before any drain can run).
    private ServletOutputStream stream;
    private boolean unflushed;
    private boolean closed;

    /**
     * @param servlet the request's servlet async context (Jersey started it for the suspended response): its
     *                response is the one Jersey writes the headers to
     */
    NonBlockingOutput(AsyncContext servlet, Runnable onClientGone) {
        this.servlet = servlet;
        this.onClientGone = onClientGone;
    }

    /** The response entity to resume the Jersey response with; call {@link #start()} right after. */
    ChunkedOutput<byte[]> output() {
        return out;
    }

    /**
     * Commits the headers through Jersey (blocking, as Jersey writes; nothing else is in the socket yet), then
     * switches the stream to non-blocking output for the frames.
     */
    void start() {
        draining.set(true);
        try {
            out.write(NOTHING);
            stream = servlet.getResponse().getOutputStream();
            stream.setWriteListener(this);
        } catch (IOException | RuntimeException e) {
            clientGone();
            closed = true;
            closeQuietly();
        }
        release();
    }

    void send(String frame) {
        send(frame.getBytes(StandardCharsets.UTF_8));
    }

    void send(byte[] piece) {
        if (gone || closeRequested) {
            return;
        }
        lastSendNanos = System.nanoTime();
        queue.add(piece);
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

    boolean isGone() {
        return gone;
    }

    /** Completes once the response has ended: the last frame written and the output closed (or the client gone). */
    CompletableFuture<Void> ended() {
        return ended;
    }

    @Override
    public void onWritePossible() {
        blocked = false;
        schedule();
    }

    @Override
    public void onError(Throwable t) {
        failed = true;
        schedule();
    }

    private void schedule() {
        if (blocked && !failed) {
            return; // queued; onWritePossible drains it
        }
        if (draining.compareAndSet(false, true)) {
            drain();
            release();
        }
    }

    /** Lets go of the drain, and takes it again when work came in meanwhile (its sender saw the drain busy). */
    private void release() {
        draining.set(false);
        while (hasWork() && draining.compareAndSet(false, true)) {
            drain();
            draining.set(false);
        }
    }

    private boolean hasWork() {
        return stream != null && !closed
                && (failed || !blocked && (!queue.isEmpty() || unflushed || closeRequested));
    }

    /** Writes what it can; stops when the socket is full (the container then calls onWritePossible). */
    private void drain() {
        if (stream == null || closed) {
            return;
        }
        if (failed && !gone) {
            clientGone();
        }
        try {
            while (!gone) {
                blocked = true; // before asking: an onWritePossible right after a 'false' must not be lost
                if (!stream.isReady()) {
                    return;
                }
                blocked = false;
                if (unflushed) {
                    unflushed = false;
                    stream.flush();
                    continue;
                }
                byte[] batch = pollAll();
                if (batch == null) {
                    break;
                }
                stream.write(batch);
                unflushed = true;
            }
        } catch (IOException | RuntimeException e) {
            clientGone();
        }
        if (gone || closeRequested && queue.isEmpty()) {
            closed = true;
            closeQuietly();
        }
    }

    private void clientGone() {
        gone = true;
        queue.clear();
        onClientGone.run();
    }

    /** What is queued, as one write: pieces that waited for a full socket go out together. */
    private byte[] pollAll() {
        byte[] first = queue.poll();
        if (first == null) {
            return null;
        }
        byte[] next = queue.poll();
        if (next == null) {
            return first;
        }
        ByteArrayOutputStream batch = new ByteArrayOutputStream(first.length * 3);
        batch.writeBytes(first);
        do {
            batch.writeBytes(next);
        } while ((next = queue.poll()) != null);
        return batch.toByteArray();
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
