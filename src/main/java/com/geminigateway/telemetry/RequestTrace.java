package com.geminigateway.telemetry;

import com.geminigateway.usage.UsageCounts;
import com.geminigateway.usage.UsageRecorder;
import jakarta.servlet.ServletRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What is known about one request while it runs, for its access log line and its metrics: filled in by
 * the resources (model, stream) and by the relay's events (the key that answered, failovers, the first
 * output), read once when the response ends. Fields are written from several threads, hence volatile.
 */
public final class RequestTrace {

    /** The request attribute holding the trace. */
    public static final String ATTRIBUTE = "gateway.trace";

    private final String requestId;
    private final String method;
    private final String path;
    private final Instant startedAt;
    private final long startNanos;
    private volatile String model;
    private volatile boolean stream;
    private volatile String keyAlias;
    private final AtomicInteger failovers = new AtomicInteger();
    private volatile long firstOutputNanos;
    private volatile UsageCounts usage;
    private final AtomicBoolean usageRecorded = new AtomicBoolean();

    public RequestTrace(String requestId, String method, String path, Instant startedAt) {
        this.requestId = requestId;
        this.method = method;
        this.path = path;
        this.startedAt = startedAt;
        this.startNanos = System.nanoTime();
    }

    /** The trace of the request, or a detached one (filled in, never logged) if none was started. */
    public static RequestTrace of(ServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof RequestTrace trace ? trace
                : new RequestTrace("-", "-", "-", Instant.EPOCH);
    }

    /** The model the request names, as the route normalised it. */
    public void model(String model) {
        this.model = model;
    }

    public void stream(boolean stream) {
        this.stream = stream;
    }

    /** A recorder that also notes the tokens in this trace, then tells {@code inner}. */
    public UsageRecorder recording(UsageRecorder inner) {
        return usage -> {
            if (usageRecorded.compareAndSet(false, true)) {
                this.usage = UsageCounts.ofRequest(usage);
            }
            inner.record(usage);
        };
    }

    void answeredBy(String alias) {
        keyAlias = alias;
    }

    void triedAndFailed(String alias, boolean failingOver) {
        if (keyAlias == null || failingOver) {
            keyAlias = alias; // the last key tried, unless one answers later
        }
        if (failingOver) {
            failovers.incrementAndGet();
        }
    }

    void firstOutput() {
        if (firstOutputNanos == 0) {
            firstOutputNanos = System.nanoTime();
        }
    }

    public String requestId() {
        return requestId;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public String model() {
        return model;
    }

    public boolean stream() {
        return stream;
    }

    public String keyAlias() {
        return keyAlias;
    }

    public int failovers() {
        return failovers.get();
    }

    /** Tokens Gemini reported, or null when none were (yet). */
    public UsageCounts usage() {
        return usage;
    }

    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** From the request's arrival to its first streamed output; null when nothing was streamed. */
    public Duration timeToFirstOutput() {
        long first = firstOutputNanos;
        return first == 0 ? null : Duration.ofNanos(first - startNanos);
    }
}
