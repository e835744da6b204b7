package com.geminigateway.testing;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A one-shot barrier that holds back one event of a {@link Reply} until the test calls {@link #open()}.
 * It lets a test prove streaming without sleeps:
 * <pre>
 * Gate gate = new Gate();
 * fake.onPrompt("slow", Reply.text("first ", "second").gate(1, gate));  // holds chunk #1 (the 2nd)
 * // … read the first event through the gateway …
 * assertTrue(gate.awaitReached(Duration.ofSeconds(5)));  // the fake flushed chunk #0 and now waits
 * gate.open();                                           // now chunk #1 goes out
 * </pre>
 * Once open a gate stays open, so it releases every request that reaches it afterwards.
 * Thread-safe.
 */
public final class Gate {

    private final CountDownLatch opened = new CountDownLatch(1);
    private final CountDownLatch reached = new CountDownLatch(1);

    /** Releases the held event (idempotent). */
    public void open() {
        opened.countDown();
    }

    public boolean isOpen() {
        return opened.getCount() == 0;
    }

    /** Whether the fake has arrived at this gate, i.e. has already flushed every event before it. */
    public boolean isReached() {
        return reached.getCount() == 0;
    }

    /** Waits until the fake arrives at this gate; false on timeout. */
    public boolean awaitReached(Duration timeout) throws InterruptedException {
        return reached.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Called by the fake: marks the gate reached, then waits for it to open; false on timeout. */
    boolean pass(Duration timeout) throws InterruptedException {
        reached.countDown();
        return opened.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public String toString() {
        return "Gate[" + (isOpen() ? "open" : isReached() ? "reached" : "closed") + "]";
    }
}
