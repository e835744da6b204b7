package com.geminigateway.telemetry;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The traces of the requests in flight, by request id: the relay knows a request only by its id, and this
 * is how its events find the request's trace. A trace is here from the access log filter's start to the
 * end of its response.
 */
public final class RequestTraces {

    private final Map<String, RequestTrace> live = new ConcurrentHashMap<>();

    void add(RequestTrace trace) {
        live.put(trace.requestId(), trace);
    }

    void remove(RequestTrace trace) {
        live.remove(trace.requestId(), trace);
        if (live.isEmpty()) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /** Waits until no request is in flight (all ended: lines written, metrics counted); false on timeout. */
    synchronized boolean awaitEmpty(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!live.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /** The trace of a request in flight, or null (background calls, finished requests). */
    RequestTrace get(String requestId) {
        return requestId == null ? null : live.get(requestId);
    }

    int size() {
        return live.size();
    }
}
