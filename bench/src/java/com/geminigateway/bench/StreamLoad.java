package com.geminigateway.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;
import org.apache.hc.client5.http.async.methods.AbstractBinResponseConsumer;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpResponse;

/**
 * Many concurrent SSE streams. Starts are spread evenly over {@code spread}, so the streams overlap as they
 * would in real use rather than arriving in one burst, and each stream's events keep a phase of their own
 * within {@code spacingMs}: with starts exactly spread/streams apart (10 ms for 100 streams over 1 s), every
 * fifth stream would send its events at the same instant as the others of its phase, and the delay of the last
 * of those 20 simultaneous events would measure a burst, not a stream. For each stream it records the time to the first
 * body byte and, for every event, how long after the fake wrote it the event arrived here (the fake stamps
 * {@code t=<nanoTime>} into the text; CLOCK_MONOTONIC is one clock for all processes on the machine).
 */
final class StreamLoad {

    record Result(int streams, int complete, int failed, Histogram ttfbMicros, Histogram chunkDelayMicros) {
    }

    private StreamLoad() {
    }

    static Result run(LoadClient client, Target target, int streams, int chunks, int spacingMs, Duration spread,
                      Duration timeout) throws InterruptedException {
        byte[] body = target.streamBytes(chunks, spacingMs);
        boolean gateway = target.name().equals("gateway");
        Histogram ttfb = new SynchronizedHistogram(TimeUnit.SECONDS.toMicros(120), 3);
        Histogram delay = new SynchronizedHistogram(TimeUnit.SECONDS.toMicros(120), 3);
        AtomicInteger complete = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        CountDownLatch finished = new CountDownLatch(streams);
        // 10.5 ms for 100 streams over 1 s with 50 ms spacing: the 100 streams' events fall 0.5 ms apart.
        long gapNanos = (spread.toNanos() + TimeUnit.MILLISECONDS.toNanos(spacingMs)) / streams;
        long start = System.nanoTime();
        for (int i = 0; i < streams; i++) {
            long due = start + i * gapNanos;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            Stream stream = new Stream(System.nanoTime(), ttfb, delay);
            client.http.execute(SimpleRequestProducer.create(LoadClient.post(target.stream(), body, target.headers())),
                    stream, new FutureCallback<>() {
                        @Override
                        public void completed(Void unused) {
                            boolean ok = stream.status == 200 && stream.events == chunks && (!gateway || stream.done);
                            (ok ? complete : failed).incrementAndGet();
                            finished.countDown();
                        }

                        @Override
                        public void failed(Exception ex) {
                            failed.incrementAndGet();
                            finished.countDown();
                        }

                        @Override
                        public void cancelled() {
                            failed.incrementAndGet();
                            finished.countDown();
                        }
                    });
        }
        if (!finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            failed.addAndGet((int) finished.getCount());
        }
        return new Result(streams, complete.get(), failed.get(), ttfb, delay);
    }

    /** Reads one stream line by line, noting when each stamped event arrives. */
    private static final class Stream extends AbstractBinResponseConsumer<Void> {
        private final long startNanos;
        private final Histogram ttfb;
        private final Histogram delay;
        private final StringBuilder line = new StringBuilder(512);
        private int status;
        private boolean firstByte;
        private int events;
        private boolean done;

        Stream(long startNanos, Histogram ttfb, Histogram delay) {
            this.startNanos = startNanos;
            this.ttfb = ttfb;
            this.delay = delay;
        }

        @Override
        protected void start(HttpResponse response, ContentType contentType) {
            status = response.getCode();
        }

        @Override
        protected int capacityIncrement() {
            return Integer.MAX_VALUE;
        }

        @Override
        protected void data(ByteBuffer src, boolean endOfStream) throws IOException {
            long now = System.nanoTime();
            if (!firstByte && src.hasRemaining()) {
                firstByte = true;
                ttfb.recordValue((now - startNanos) / 1000);
            }
            while (src.hasRemaining()) {
                char c = (char) (src.get() & 0xff);
                if (c == '\n') {
                    onLine(now);
                    line.setLength(0);
                } else if (c != '\r') {
                    line.append(c);
                }
            }
        }

        private void onLine(long now) {
            int at = line.indexOf("t=");
            while (at >= 0 && (at + 2 >= line.length() || !Character.isDigit(line.charAt(at + 2)))) {
                at = line.indexOf("t=", at + 2);
            }
            if (at >= 0) {
                long sent = 0;
                for (int i = at + 2; i < line.length() && Character.isDigit(line.charAt(i)); i++) {
                    sent = sent * 10 + (line.charAt(i) - '0');
                }
                delay.recordValue(Math.max(0, (now - sent) / 1000));
                events++;
            } else if (line.indexOf("data: [DONE]") == 0) {
                done = true;
            }
        }

        @Override
        protected Void buildResult() {
            return null;
        }

        @Override
        public void releaseResources() {
        }
    }

    /**
     * Ad hoc: {@code StreamLoad <gateway port> <streams> <chunks> <spacing ms>} holds that many streams open
     * against a running gateway (for heap histograms, profiles, thread dumps) and prints what it saw.
     */
    public static void main(String[] args) throws Exception {
        int streams = Integer.parseInt(args[1]);
        int chunks = Integer.parseInt(args[2]);
        int spacing = Integer.parseInt(args[3]);
        try (LoadClient client = new LoadClient(streams + 16)) {
            Result r = run(client, Target.gateway(Integer.parseInt(args[0]), GatewayProcess.PASSWORD), streams, chunks,
                    spacing, Duration.ofSeconds(4), Duration.ofMillis(10_000L + (long) chunks * spacing));
            System.out.println(describe(r));
        }
    }

    static String describe(Result r) {
        return String.format("%d/%d complete, ttfb p50 %d us, chunk delay p50 %d us p99 %d us",
                r.complete(), r.streams(), r.ttfbMicros().getValueAtPercentile(50),
                r.chunkDelayMicros().getValueAtPercentile(50), r.chunkDelayMicros().getValueAtPercentile(99));
    }
}
