package com.geminigateway.telemetry;

import java.util.Map;
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
    }

    /** The trace of a request in flight, or null (background calls, finished requests). */
    RequestTrace get(String requestId) {
        return requestId == null ? null : live.get(requestId);
    }

    int size() {
        return live.size();
    }
}
