package com.geminigateway.telemetry;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code gateway_keys{state,model}}: how many keys are in each state, per model. The counts come from one
 * supplier (the status page's view of the pool), refreshed before each scrape, so a change in the pool's
 * shape changes that supplier and nothing here.
 */
public final class PoolGauges {

    /** {@code keys} keys are in {@code state} for {@code model} ("all" when the pool tracks whole keys). */
    public record KeyCount(String state, String model, long keys) {
    }

    private final MultiGauge gauge;
    private final Supplier<List<KeyCount>> counts;

    public PoolGauges(MeterRegistry registry, Supplier<List<KeyCount>> counts) {
        this.gauge = MultiGauge.builder("gateway.keys").description("Gemini keys by state and model").register(registry);
        this.counts = counts;
        refresh();
    }

    /** Reads the pool again; states that emptied disappear. */
    public void refresh() {
        gauge.register(counts.get().stream()
                .map(c -> MultiGauge.Row.of(Tags.of("state", c.state(), "model", c.model()), c.keys()))
                .toList(), true);
    }
}
