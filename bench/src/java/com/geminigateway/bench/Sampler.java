package com.geminigateway.bench;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Samples a process's thread count and resident memory every 20 ms while a phase runs; keeps the highest. */
final class Sampler implements AutoCloseable {

    private final ProcStats stats;
    private final AtomicInteger maxThreads = new AtomicInteger();
    private final AtomicLong maxRss = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    Sampler(ProcStats stats) {
        this.stats = stats;
        sample();
        this.thread = new Thread(this::loop, "sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            sample();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sample() {
        maxThreads.accumulateAndGet(stats.threads(), Math::max);
        maxRss.accumulateAndGet(stats.rssBytes(), Math::max);
    }

    int maxThreads() {
        return maxThreads.get();
    }

    long maxRss() {
        return maxRss.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join();
        sample();
    }
}
