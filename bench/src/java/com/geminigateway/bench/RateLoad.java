package com.geminigateway.bench;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.core5.concurrent.FutureCallback;

/**
 * Open-loop load: requests leave at a fixed rate whatever the answers do, and each latency is counted from
 * the moment its request was due, not from when it was sent, so a stall is not hidden (no coordinated
 * omission). Latencies go into an HdrHistogram in microseconds.
 */
final class RateLoad {

    record Result(long sent, long ok, long errors, Histogram micros) {
    }

    private RateLoad() {
    }

    static Result run(LoadClient client, Target target, int perSecond, Duration duration) throws InterruptedException {
        byte[] body = target.chatBytes();
        long count = perSecond * duration.toSeconds();
        long periodNanos = 1_000_000_000L / perSecond;
        Histogram micros = new SynchronizedHistogram(TimeUnit.SECONDS.toMicros(60), 3);
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        CountDownLatch finished = new CountDownLatch((int) count);
        long start = System.nanoTime() + 10_000_000;
        for (long i = 0; i < count; i++) {
            long due = start + i * periodNanos;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            client.http.execute(LoadClient.post(target.chat(), body, target.headers()), new FutureCallback<>() {
                @Override
                public void completed(SimpleHttpResponse response) {
                    micros.recordValue(Math.max(0, (System.nanoTime() - due) / 1000));
                    (response.getCode() == 200 ? ok : errors).incrementAndGet();
                    finished.countDown();
                }

                @Override
                public void failed(Exception ex) {
                    errors.incrementAndGet();
                    finished.countDown();
                }

                @Override
                public void cancelled() {
                    errors.incrementAndGet();
                    finished.countDown();
                }
            });
        }
        if (!finished.await(30, TimeUnit.SECONDS)) {
            errors.addAndGet(finished.getCount());
        }
        return new Result(count, ok.get(), errors.get(), micros);
    }
}
