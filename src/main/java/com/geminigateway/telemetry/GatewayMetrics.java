package com.geminigateway.telemetry;

import com.geminigateway.usage.UsageCounts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The gateway's Prometheus metrics (Micrometer). Every label has a bounded set of values: routes come from
 * {@link Routes}, models outside the known model list count as "other", clients are names from the client
 * keys file (or "password", or "-" before authentication).
 *
 * <pre>
 * gateway_requests_total{route,status,model,client}         every request, at its end
 * gateway_tokens_total{model,client,kind}                   input, output, thinking tokens Gemini reported
 * gateway_upstream_latency_seconds{model,outcome}           each attempt: until Gemini's whole answer, or a stream's first bytes
 * gateway_time_to_first_token_seconds{route,model}          streams: from the request's arrival to its first output
 * gateway_upstream_failures_total{reason}                   failed attempts
 * gateway_failovers_total{reason}                           failed attempts after which the request moved to another key
 * gateway_key_cooldowns_total{reason}                       keys sent to cool down (quota_day, quota_minute, throttled)
 * gateway_rate_limit_rejections_total{client,type}          429s from the client rate limits
 * gateway_status_logins_total{outcome}                      status page logins: ok, failed, throttled
 * gateway_keys{state,model}                                 keys by state (see PoolGauges)
 * jvm_*, process_*, system_*, tomcat_* (on Tomcat)
 * </pre>
 */
public final class GatewayMetrics implements AutoCloseable {

    private static final Duration[] LATENCY_BUCKETS = {
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20),
            Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // The meters counted at every request, found by one hash lookup of their labels: Micrometer's builders
    // sort and look up their tags at each call (1.5-2.4% of the CPU of a chat request in profiles).
    private final Map<Object, Counter> counters = new ConcurrentHashMap<>();
    private final Map<Object, Timer> timers = new ConcurrentHashMap<>();
    private final Predicate<String> knownModel;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    private record RequestLabels(String route, int status, String model, String client) {
    }

    private record TokenLabels(String model, String client, String kind) {
    }

    private record LatencyLabels(String model, String outcome) {
    }

    private record FirstTokenLabels(String route, String model) {
    }

    /** @param knownModel whether a model id may be a label value (else it counts as "other") */
    public GatewayMetrics(Predicate<String> knownModel) {
        this.knownModel = knownModel;
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        closeables.add(gc);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Binds more meters that must be closed with the gateway (Tomcat's, the pool's). */
    void bindClosable(AutoCloseable binding) {
        closeables.add(binding);
    }

    /** Everything, in Prometheus' text format 0.0.4. */
    public String scrape() {
        return registry.scrape();
    }

    void requestEnded(String route, int status, String model, String client, UsageCounts usage, Duration timeToFirstOutput) {
        String modelLabel = modelLabel(model);
        String clientLabel = client == null ? "-" : client;
        counters.computeIfAbsent(new RequestLabels(route, status, modelLabel, clientLabel), l ->
                Counter.builder("gateway.requests").description("Requests, by route, status, model and client")
                        .tags("route", route, "status", Integer.toString(status), "model", modelLabel, "client", clientLabel)
                        .register(registry)).increment();
        if (usage != null) {
            tokens(modelLabel, clientLabel, "input", usage.inputTokens());
            tokens(modelLabel, clientLabel, "output", usage.outputTokens());
            tokens(modelLabel, clientLabel, "thinking", usage.thinkingTokens());
        }
        if (timeToFirstOutput != null) {
            timers.computeIfAbsent(new FirstTokenLabels(route, modelLabel), l -> Timer.builder("gateway.time.to.first.token")
                    .description("Streamed answers: from the request's arrival to its first output")
                    .tags("route", route, "model", modelLabel)
                    .serviceLevelObjectives(LATENCY_BUCKETS)
                    .register(registry)).record(timeToFirstOutput);
        }
    }

    private void tokens(String model, String client, String kind, long count) {
        if (count > 0) {
            counters.computeIfAbsent(new TokenLabels(model, client, kind), l ->
                    Counter.builder("gateway.tokens").description("Tokens Gemini reported, by model, client and kind")
                            .tags("model", model, "client", client, "kind", kind).register(registry)).increment(count);
        }
    }

    void upstreamLatency(String model, String outcome, Duration elapsed) {
        String modelLabel = modelLabel(model);
        timers.computeIfAbsent(new LatencyLabels(modelLabel, outcome), l -> Timer.builder("gateway.upstream.latency")
                .description("Each upstream attempt: until Gemini's whole answer, or a stream's first bytes")
                .tags("model", modelLabel, "outcome", outcome)
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry)).record(elapsed);
    }

    void upstreamFailure(String reason, boolean failingOver) {
        Counter.builder("gateway.upstream.failures").description("Failed upstream attempts, by reason")
                .tag("reason", reason).register(registry).increment();
        if (failingOver) {
            Counter.builder("gateway.failovers").description("Failed attempts after which the request tried another key")
                    .tag("reason", reason).register(registry).increment();
        }
        if (reason.startsWith("quota_") || reason.equals("throttled")) {
            Counter.builder("gateway.key.cooldowns").description("Keys sent to cool down, by reason")
                    .tag("reason", reason).register(registry).increment();
        }
    }

    /** A client rate limit refused a request; {@code type} is "requests" or "tokens". */
    public void rateLimited(String client, String type) {
        Counter.builder("gateway.rate.limit.rejections").description("Requests refused by the client rate limits")
                .tags("client", client, "type", type).register(registry).increment();
    }

    /** A status page login attempt: ok, failed or throttled. */
    public void login(String outcome) {
        Counter.builder("gateway.status.logins").description("Status page login attempts, by outcome")
                .tag("outcome", outcome).register(registry).increment();
    }

    private String modelLabel(String model) {
        if (model == null) {
            return "none";
        }
        return knownModel.test(model) ? model : "other";
    }

    @Override
    public void close() {
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing on undeploy: nothing left to do about it
            }
        }
        registry.close();
    }
}
