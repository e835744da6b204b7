package com.geminigateway.telemetry;

import com.geminigateway.config.SecretMask;
import com.geminigateway.keys.Verdict;
import com.geminigateway.relay.RelayEvents;
import com.geminigateway.upstream.UpstreamFailure;
import java.time.Clock;
import java.time.Duration;
import java.util.function.UnaryOperator;

/** The relay's events, turned into metrics, recent errors and the facts of each request's access log line. */
final class RelayTelemetry implements RelayEvents {

    static final int MAX_MESSAGE = 500;

    private final GatewayMetrics metrics;
    private final RequestTraces traces;
    private final RecentErrors errors;
    private final UnaryOperator<String> redact;
    private final Clock clock;

    RelayTelemetry(GatewayMetrics metrics, RequestTraces traces, RecentErrors errors, UnaryOperator<String> redact, Clock clock) {
        this.metrics = metrics;
        this.traces = traces;
        this.errors = errors;
        this.redact = redact;
        this.clock = clock;
    }

    @Override
    public void attemptFailed(String requestId, String model, String keyAlias, UpstreamFailure failure, Verdict verdict,
                              Duration elapsed, boolean failingOver) {
        String reason = FailureReasons.of(failure, verdict);
        metrics.upstreamLatency(model, reason, elapsed);
        metrics.upstreamFailure(reason, failingOver);
        String message = SecretMask.scrub(redact.apply(String.valueOf(failure.getMessage())));
        if (message.length() > MAX_MESSAGE) {
            message = message.substring(0, MAX_MESSAGE) + "...";
        }
        errors.add(new RecentErrors.Entry(clock.instant(), requestId, model, keyAlias, failure.httpStatus(), reason,
                message, failingOver));
        RequestTrace trace = traces.get(requestId);
        if (trace != null) {
            trace.triedAndFailed(keyAlias, failingOver);
        }
    }

    @Override
    public void answered(String requestId, String model, String keyAlias, Duration elapsed) {
        metrics.upstreamLatency(model, "ok", elapsed);
        RequestTrace trace = traces.get(requestId);
        if (trace != null) {
            trace.answeredBy(keyAlias);
        }
    }

    @Override
    public void firstOutput(String requestId) {
        RequestTrace trace = traces.get(requestId);
        if (trace != null) {
            trace.firstOutput();
        }
    }
}
