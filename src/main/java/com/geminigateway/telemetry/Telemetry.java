package com.geminigateway.telemetry;

import com.geminigateway.relay.RelayEvents;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * What the gateway records about its own work, in one place: Prometheus metrics, the access log, the
 * traces of requests in flight, recent upstream errors, the 24-hour traffic history and who is using it.
 * The access log filter starts and ends each request's trace; the relay reports through {@link #relayEvents()}.
 */
public final class Telemetry implements AutoCloseable {

    private final Clock clock;
    private final GatewayMetrics metrics;
    private final RequestTraces traces = new RequestTraces();
    private final RecentErrors recentErrors = new RecentErrors();
    private final TrafficHistory history;
    private final ClientActivity clients;
    private final RelayEvents relayEvents;
    private PoolGauges poolGauges;

    /**
     * @param knownModel whether a model id is one Gemini listed (metrics label it, others count as "other")
     * @param redact     masks pool keys in upstream messages
     */
    public Telemetry(Clock clock, Predicate<String> knownModel, UnaryOperator<String> redact) {
        this.clock = clock;
        this.metrics = new GatewayMetrics(knownModel);
        this.history = new TrafficHistory(clock);
        this.clients = new ClientActivity(clock);
        this.relayEvents = new RelayTelemetry(metrics, traces, recentErrors, redact, clock);
    }

    /** Adds Tomcat's metrics when the web application runs on Tomcat (never tried on other containers). */
    public void bindContainer(String serverInfo) {
        if (TomcatBinding.available(serverInfo)) {
            metrics.bindClosable(TomcatBinding.bind(metrics.registry()));
        }
    }

    /** Adds the key gauges, counted by {@code counts}. */
    public void bindPool(Supplier<List<PoolGauges.KeyCount>> counts) {
        poolGauges = new PoolGauges(metrics.registry(), counts);
    }

    /** Starts the trace of a request that has just arrived. */
    public RequestTrace begin(String requestId, String method, String path) {
        RequestTrace trace = new RequestTrace(requestId, method, path, clock.instant());
        traces.add(trace);
        return trace;
    }

    /**
     * Ends a request whose response is complete: its access log line, its metrics, and for API requests
     * the history, the client activity and the key's tally.
     *
     * @param client the client's name, null when it was not identified
     */
    public void end(RequestTrace trace, int status, String client, String address, String userAgent) {
        try {
            AccessLog.write(trace, client, address, status);
            String route = Routes.of(trace.path());
            metrics.requestEnded(route, status, trace.model(), client, trace.usage(), trace.stream() ? trace.timeToFirstOutput() : null);
            if (Routes.isApi(trace.path())) {
                history.record(status >= 400);
                clients.record(client, address, userAgent);
            }
        } finally {
            traces.remove(trace); // last: whoever waits for idle then finds the line and the metrics written
        }
    }

    public RelayEvents relayEvents() {
        return relayEvents;
    }

    public GatewayMetrics metrics() {
        return metrics;
    }

    /** Prometheus text, with the key gauges read afresh. */
    public String scrape() {
        if (poolGauges != null) {
            poolGauges.refresh();
        }
        return metrics.scrape();
    }

    public RecentErrors recentErrors() {
        return recentErrors;
    }

    public TrafficHistory history() {
        return history;
    }

    public ClientActivity clients() {
        return clients;
    }

    /** Requests in flight (traces not yet ended). */
    public int inFlight() {
        return traces.size();
    }

    /**
     * Waits until every request has ended, its access log line written and its metrics counted (a response
     * can reach its client a moment before that). For graceful stops and tests; false on timeout.
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        return traces.awaitEmpty(timeout);
    }

    @Override
    public void close() {
        metrics.close();
    }
}
