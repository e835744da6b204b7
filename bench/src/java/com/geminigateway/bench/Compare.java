package com.geminigateway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Two gateways compared on CPU per request, run by {@code bench/compare.sh}: two builds (or one build with two
 * sets of JVM options) started side by side on core 0, each warmed up in turn, then closed-loop windows
 * alternated between them (A B B A A B ...), so that both see the machine's drift alike. On a shared machine
 * the CPU per request of one JVM moves by 10-20% from one window to the next; the ratio of neighbouring windows
 * moves far less. Prints each window, the medians and the mean ratio B/A. Asserts nothing.
 */
public final class Compare {

    record Side(String name, Path root, List<String> extraOptions) {
        List<String> javaOptions() {
            List<String> options = new ArrayList<>(List.of("@" + root.resolve("conf/jvm.options"),
                    "-XX:SharedArchiveFile=" + root.resolve("target/gemini-gateway.jsa")));
            options.addAll(extraOptions);
            return options;
        }

        Path war() {
            return root.resolve("target/gemini-gateway.war");
        }
    }

    record Options(Side a, Side b, int pairs, int warmRounds, Duration window) {
    }

    private Compare() {
    }

    public static void main(String[] args) throws Exception {
        Options options = parse(args);
        Path work = Files.createTempDirectory("gateway-compare-");
        try (FakeGeminiProcess fake = FakeGeminiProcess.start();
             LoadClient streams = new LoadClient(4096);
             LoadClient rate = new LoadClient(Bench.CONNECTIONS)) {
            List<Side> sides = List.of(options.a(), options.b());
            List<GatewayProcess> gateways = new ArrayList<>();
            try {
                for (Side side : sides) {
                    GatewayProcess gateway = GatewayProcess.start(side.war(), side.javaOptions(), Bench.freePort(),
                            fake.port, Files.createDirectories(work.resolve(side.name())), streams);
                    gateways.add(gateway);
                    String what = (side.root() + " " + String.join(" ", side.extraOptions())).strip();
                    Bench.log(side.name() + ": " + what + ", started in " + gateway.startupNanos / 1_000_000 + " ms");
                }
                List<Target> targets = gateways.stream()
                        .map(g -> Target.gateway(g.port, GatewayProcess.PASSWORD)).toList();
                // One after the other: the compiler of the one warming up would otherwise take the core from
                // the other's windows.
                for (int s = 0; s < 2; s++) {
                    for (int round = 0; round < options.warmRounds(); round++) {
                        double us = window(gateways.get(s), targets.get(s), Duration.ofSeconds(10), work);
                        Bench.log(String.format("  warm-up %s %d: %.0f us/request", sides.get(s).name(), round, us));
                        Bench.otherLoads(rate, streams, targets.get(s));
                    }
                }
                List<List<Double>> cpu = List.of(new ArrayList<>(), new ArrayList<>());
                for (int pair = 0; pair < options.pairs(); pair++) {
                    for (int s : pair % 2 == 0 ? new int[]{0, 1} : new int[]{1, 0}) {
                        double us = window(gateways.get(s), targets.get(s), options.window(), work);
                        cpu.get(s).add(us);
                        Bench.log(String.format("  window %d %s: %.0f us/request", pair, sides.get(s).name(), us));
                    }
                }
                List<Double> ratios = new ArrayList<>();
                for (int pair = 0; pair < options.pairs(); pair++) {
                    ratios.add(cpu.get(1).get(pair) / cpu.get(0).get(pair));
                }
                Bench.log(String.format("CPU per request, median of %d windows: A %.0f us, B %.0f us; B/A of the paired"
                                + " windows: mean %.3f, min %.3f, max %.3f", options.pairs(), median(cpu.get(0)),
                        median(cpu.get(1)), ratios.stream().mapToDouble(Double::doubleValue).average().orElseThrow(),
                        ratios.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
                        ratios.stream().mapToDouble(Double::doubleValue).max().orElseThrow()));
            } finally {
                for (GatewayProcess gateway : gateways) {
                    gateway.close();
                }
            }
        }
    }

    /** The gateway's CPU per request over one closed-loop window of 64 connections, in microseconds. */
    private static double window(GatewayProcess gateway, Target target, Duration length, Path work)
            throws IOException, InterruptedException {
        long cpu0 = gateway.stats.cpuNanos();
        Wrk.Result result = Wrk.run(target, Bench.CONNECTIONS, length, work);
        if (result.errors() > 0) {
            throw new IOException(result.errors() + " errors in a window: " + result.output());
        }
        return (gateway.stats.cpuNanos() - cpu0) / 1000.0 / Math.max(1, result.requests());
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static Options parse(String[] args) {
        Path rootA = Path.of(".");
        Path rootB = Path.of(".");
        List<String> optionsA = List.of();
        List<String> optionsB = List.of();
        int pairs = 8;
        int warmRounds = 14;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--a" -> rootA = Path.of(args[++i]);
                case "--b" -> rootB = Path.of(args[++i]);
                case "--a-options" -> optionsA = words(args[++i]);
                case "--b-options" -> optionsB = words(args[++i]);
                case "--pairs" -> pairs = Integer.parseInt(args[++i]);
                case "--warm-rounds" -> warmRounds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("Unknown option " + args[i]
                        + "; expected --a DIR, --b DIR, --a-options \"...\", --b-options \"...\", --pairs N,"
                        + " --warm-rounds N");
            }
        }
        return new Options(new Side("A", rootA.toAbsolutePath().normalize(), optionsA),
                new Side("B", rootB.toAbsolutePath().normalize(), optionsB), pairs, warmRounds, Duration.ofSeconds(8));
    }

    private static List<String> words(String text) {
        return text.isBlank() ? List.of() : Arrays.asList(text.trim().split("\\s+"));
    }
}
