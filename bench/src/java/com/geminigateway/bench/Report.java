package com.geminigateway.bench;

import com.geminigateway.bench.Bench.RunFigures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** The one table: medians over the runs, the spread (min–max over runs) of the figure that is compared with its goal. */
final class Report {

    private final List<RunFigures> runs;
    private final List<String[]> rows = new ArrayList<>();

    private Report(List<RunFigures> runs) {
        this.runs = runs;
    }

    static String table(List<RunFigures> runs, Bench.Options options, String loadAverage) {
        Report r = new Report(runs);
        r.add("what", "direct", "gateway", "added / ratio", "spread (min-max)", "goal", "met");

        long errors = r.sum(f -> f.rateGateway().errors());
        r.add("1,000 req/s: errors (all runs)", fmt(r.sum(f -> f.rateDirect().errors())), fmt(errors), "", "",
                "0", met(errors == 0));
        r.latency("1,000 req/s: latency p50 (ms)", 50, 0.5);
        r.latency("1,000 req/s: latency p99 (ms)", 99, 2.0);

        double rps = r.median(f -> f.closedGateway().perSecond());
        r.add("64 conns closed loop: req/s", fmt(r.median(f -> f.closedDirect().perSecond())), fmt(rps),
                String.format("x%.2f", r.median(f -> f.closedGateway().perSecond() / f.closedDirect().perSecond())),
                r.spread(f -> f.closedGateway().perSecond(), "%.0f"), ">= 5,000", met(rps >= 5000));
        ToDoubleFunction<RunFigures> cpu = f -> f.gatewayCpuNanos() / 1000.0 / f.closedGateway().requests();
        double cpuMedian = r.median(cpu);
        r.add("64 conns: gateway CPU per request (us)", "", fmt(cpuMedian), "", r.spread(cpu, "%.0f"), "<= 150",
                met(cpuMedian <= 150));
        long closedErrors = r.sum(f -> f.closedGateway().errors());
        r.add("64 conns: errors (all runs)", fmt(r.sum(f -> f.closedDirect().errors())), fmt(closedErrors), "", "", "0",
                met(closedErrors == 0));

        r.complete("100 streams x 20 chunks 50 ms apart: complete", RunFigures::streams100Direct,
                RunFigures::streams100Gateway);
        r.streamFigure("100 streams: delay per chunk p99 (ms)", f -> f.streams100Direct().chunkDelayMicros()
                .getValueAtPercentile(99), f -> f.streams100Gateway().chunkDelayMicros().getValueAtPercentile(99), 2.0);
        r.streamFigure("100 streams: time to first byte p50 (ms)", f -> f.streams100Direct().ttfbMicros()
                .getValueAtPercentile(50), f -> f.streams100Gateway().ttfbMicros().getValueAtPercentile(50), 2.0);
        r.complete("1,000 streams x 20 chunks 400 ms apart: complete", RunFigures::streams1000Direct,
                RunFigures::streams1000Gateway);
        r.streamFigure("1,000 streams: delay per chunk p99 (ms)", f -> f.streams1000Direct().chunkDelayMicros()
                .getValueAtPercentile(99), f -> f.streams1000Gateway().chunkDelayMicros().getValueAtPercentile(99),
                Double.NaN);
        ToDoubleFunction<RunFigures> growth = f -> f.threads1000() - f.threads100();
        double growthMedian = r.median(growth);
        r.add("gateway threads: idle / 100 streams / 1,000 streams", "",
                String.format("%.0f / %.0f / %.0f", r.median(f -> f.idleThreads()), r.median(f -> f.threads100()),
                        r.median(f -> f.threads1000())),
                String.format("%+.0f", growthMedian), r.spread(growth, "%+.0f"), "no growth with streams",
                met(growthMedian <= 10));
        double peak = r.median(f -> f.peakRss() / 1048576.0);
        r.add("peak RSS of the gateway (MB)", "", fmt(peak), "", r.spread(f -> f.peakRss() / 1048576.0, "%.0f"),
                "<= 400", met(peak <= 400));

        double startup = r.median(f -> f.startupNanos() / 1e9);
        r.add("start-up: java -jar to first chat (s), 3 per run", "", String.format("%.2f", startup), "",
                r.spread(f -> f.startupNanos() / 1e9, "%.2f"), "<= 3", met(startup <= 3));
        double idle = r.median(f -> f.idleRss() / 1048576.0);
        r.add("idle RSS after start-up (MB)", "", fmt(idle), "", r.spread(f -> f.idleRss() / 1048576.0, "%.0f"),
                "<= 200", met(idle <= 200));

        String header = String.format("Gemini Gateway benchmark: %d run%s%s, medians; gateway on core 0, fake and load on "
                        + "core 1; load average at the end %s; gateway JVM options: %s%n", runs.size(),
                runs.size() == 1 ? "" : "s", options.quick() ? " (quick)" : "", loadAverage,
                options.javaOptions().isEmpty() ? "(none)" : String.join(" ", options.javaOptions()));
        return header + "\n" + r.render();
    }

    private void latency(String what, double percentile, double goalMs) {
        ToDoubleFunction<RunFigures> direct = f -> f.rateDirect().micros().getValueAtPercentile(percentile) / 1000.0;
        ToDoubleFunction<RunFigures> gateway = f -> f.rateGateway().micros().getValueAtPercentile(percentile) / 1000.0;
        ToDoubleFunction<RunFigures> added = f -> gateway.applyAsDouble(f) - direct.applyAsDouble(f);
        double a = median(added);
        add(what, ms(median(direct)), ms(median(gateway)), ms(a), spread(added, "%.3f"),
                String.format("added <= %.1f", goalMs), verdict(added, a <= goalMs));
    }

    private void streamFigure(String what, ToDoubleFunction<RunFigures> directMicros,
                              ToDoubleFunction<RunFigures> gatewayMicros, double goalMs) {
        ToDoubleFunction<RunFigures> added = f -> (gatewayMicros.applyAsDouble(f) - directMicros.applyAsDouble(f)) / 1000;
        double a = median(added);
        add(what, ms(median(directMicros) / 1000), ms(median(gatewayMicros) / 1000), ms(a), spread(added, "%.3f"),
                Double.isNaN(goalMs) ? "(no goal)" : String.format("added <= %.0f", goalMs),
                Double.isNaN(goalMs) ? "" : verdict(added, a <= goalMs));
    }

    private void complete(String what, java.util.function.Function<RunFigures, StreamLoad.Result> direct,
                          java.util.function.Function<RunFigures, StreamLoad.Result> gateway) {
        String d = completeCounts(direct);
        String g = completeCounts(gateway);
        boolean all = runs.stream().allMatch(f -> gateway.apply(f).complete() == gateway.apply(f).streams());
        add(what, d, g, "", "", "all", met(all));
    }

    private String completeCounts(java.util.function.Function<RunFigures, StreamLoad.Result> result) {
        int worst = runs.stream().mapToInt(f -> result.apply(f).complete()).min().orElse(0);
        return "min " + worst + "/" + result.apply(runs.get(0)).streams();
    }

    private void add(String... cells) {
        rows.add(cells);
    }

    private double median(ToDoubleFunction<RunFigures> f) {
        double[] v = runs.stream().mapToDouble(f).sorted().toArray();
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    private long sum(java.util.function.ToLongFunction<RunFigures> f) {
        return runs.stream().mapToLong(f).sum();
    }

    private String spread(ToDoubleFunction<RunFigures> f, String format) {
        double[] v = runs.stream().mapToDouble(f).toArray();
        return String.format(format + " .. " + format, Arrays.stream(v).min().orElse(0), Arrays.stream(v).max().orElse(0));
    }

    private String render() {
        int[] width = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            line(sb, rows.get(r), width);
            if (r == 0) {
                String[] rule = new String[width.length];
                for (int i = 0; i < width.length; i++) {
                    rule[i] = "-".repeat(width[i]);
                }
                line(sb, rule, width);
            }
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String[] cells, int[] width) {
        sb.append('|');
        for (int i = 0; i < cells.length; i++) {
            sb.append(' ').append(cells[i]).append(" ".repeat(width[i] - cells[i].length())).append(" |");
        }
        sb.append('\n');
    }

    private static String fmt(double v) {
        return String.format("%,.0f", v);
    }

    private static String ms(double v) {
        return String.format("%.3f", v);
    }

    /** A difference that comes out negative in some run is smaller than the machine's noise: no verdict. */
    private String verdict(ToDoubleFunction<RunFigures> added, boolean met) {
        return runs.stream().anyMatch(f -> added.applyAsDouble(f) < 0) ? "noise" : met(met);
    }

    private static String met(boolean met) {
        return met ? "yes" : "NO";
    }
}
