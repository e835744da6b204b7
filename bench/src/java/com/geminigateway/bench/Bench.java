package com.geminigateway.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The gateway benchmark (issue #8), run by {@code bench/run.sh}. Starts the fast fake Gemini on core 1 and,
 * for each run, a fresh gateway ({@code java -jar}) on core 0; measures every scenario on the direct path
 * (client → fake) and the gateway path (client → gateway → fake), alternating which goes first; prints one
 * table with the medians over the runs, their spread and the goals. A benchmark prints figures: it asserts
 * nothing and no build runs it.
 */
public final class Bench {

    record Options(int runs, boolean quick, Path war, List<String> javaOptions, Path profileDir) {
        Duration phase() {
            return Duration.ofSeconds(quick ? 4 : 10);
        }

        /**
         * The JIT compiles on the gateway's only core, next to the load: on this kind of machine the CPU per
         * request falls for 90-130 s (from over 1 ms to about 0.15 ms), with plateaus on the way that look
         * steady for half a minute.
         */
        Duration minWarmUp() {
            return Duration.ofSeconds(quick ? 60 : 120);
        }

        Duration maxWarmUp() {
            return Duration.ofSeconds(quick ? 150 : 300);
        }

        /** Constant-rate warm-up windows at most (see {@link Bench#warmUpRate}). */
        int maxRateWarmUpWindows() {
            return quick ? 6 : 36;
        }
    }

    /** What one run measured. Direct figures are the reference the gateway's are compared with. */
    record RunFigures(long startupNanos, long idleRss, int idleThreads,
                      RateLoad.Result rateDirect, RateLoad.Result rateGateway,
                      Wrk.Result closedDirect, Wrk.Result closedGateway, long gatewayCpuNanos,
                      StreamLoad.Result streams100Direct, StreamLoad.Result streams100Gateway, int threads100,
                      StreamLoad.Result streams1000Direct, StreamLoad.Result streams1000Gateway, int threads1000,
                      long peakRss) {
    }

    static final int RATE = 1000;
    static final int CONNECTIONS = 64;
    static final int CHUNKS = 20;
    static final int SPACING_MS = 50;
    static final int MANY_STREAMS = 1000;
    static final long WARM_UP_EVENTS = 100_000;
    static final int RATE_WARM_UP_SECONDS = 5;
    /**
     * Compiler CPU per constant-rate window below which the JIT counts as idle: at most one clock tick (10 ms)
     * against the gateway's ~2.2 s of CPU in the window.
     */
    static final int IDLE_JIT_MS = 20;
    /** Closed-loop windows per path and run (the median window is the run's figure). */
    static final int CLOSED_LOOP_WINDOWS = 3;
    /** Start-ups measured per run (their median is the run's figure). */
    static final int STARTS_PER_RUN = 3;
    /** 1,000 streams last 7.6 s each and start over 4 s, so all of them are open together for a while. */
    static final int MANY_SPACING_MS = 400;

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final Options options;
    private final Path work;
    /** Streams: one connection each. */
    private final LoadClient client = new LoadClient(4096);
    /**
     * Constant rate: like wrk2 -c64 -R1000, a fixed set of keep-alive connections; a request that finds none
     * free waits for one, and that wait counts in its latency. (A pool without a cap turns every stall
     * into a storm of new connections, which measures the accept queue rather than the gateway.)
     */
    private final LoadClient rateClient = new LoadClient(CONNECTIONS);
    private FakeGeminiProcess fake;
    private int fakePort;

    private Bench(Options options) throws IOException {
        this.options = options;
        this.work = Files.createTempDirectory("gateway-bench-");
    }

    public static void main(String[] args) throws Exception {
        Options options = parse(args);
        Bench bench = new Bench(options);
        try {
            bench.run();
        } finally {
            bench.close();
        }
    }

    private void run() throws Exception {
        log("Machine: " + Runtime.getRuntime().availableProcessors() + " cores visible to the load side, load average "
                + loadAverage() + "; gateway JVM options: " + (options.javaOptions().isEmpty() ? "(none)"
                : String.join(" ", options.javaOptions())));
        fake = FakeGeminiProcess.start();
        fakePort = fake.port;
        Target direct = Target.direct(fakePort);
        log("Fast fake Gemini on 127.0.0.1:" + fakePort + " (core 1); warming up the load client");
        RateLoad.run(rateClient, direct, RATE, Duration.ofSeconds(3));
        StreamLoad.run(client, direct, 100, 5, 20, Duration.ofSeconds(1), Duration.ofSeconds(30));
        List<RunFigures> runs = new ArrayList<>();
        for (int r = 1; r <= options.runs(); r++) {
            runs.add(oneRun(r, direct));
        }
        System.out.println();
        System.out.println(Report.table(runs, options, loadAverage()));
    }

    /** One closed-loop window; rank orders them (gateway: CPU per request; direct: req/s, highest first). */
    private record Window(Wrk.Result result, double rank, long cpuNanos) {
    }

    private RunFigures oneRun(int r, Target direct) throws Exception {
        // Start-up is the noisiest figure on a shared machine: each run starts the gateway a few times and
        // keeps the median; the last start is the gateway the run measures.
        List<Long> startups = new ArrayList<>();
        for (int i = 1; i < STARTS_PER_RUN; i++) {
            try (GatewayProcess extra = GatewayProcess.start(options.war(), options.javaOptions(), freePort(), fakePort,
                    work.resolve("run-" + r + "-start-" + i), client)) {
                startups.add(extra.startupNanos);
            }
        }
        int port = freePort();
        log("Run " + r + "/" + options.runs() + ": starting the gateway on 127.0.0.1:" + port + " (core 0)");
        try (GatewayProcess gateway = GatewayProcess.start(options.war(), options.javaOptions(), port, fakePort,
                work.resolve("run-" + r), client)) {
            startups.add(gateway.startupNanos);
            long startup = startups.stream().sorted().toList().get(startups.size() / 2);
            Thread.sleep(2000);
            long idleRss = gateway.stats.rssBytes();
            int idleThreads = gateway.stats.threads();
            log(String.format("  first chat after %d ms (median of %s ms); idle: %d MB resident, %d threads",
                    startup / 1_000_000, startups.stream().map(n -> n / 1_000_000).toList(), idleRss >> 20, idleThreads));
            Target gw = Target.gateway(port, GatewayProcess.PASSWORD);
            warmUp(gateway, gw);
            warmUpStreams(gateway, gw);
            warmUpRate(gateway, gw);

            List<Target> order = r % 2 == 1 ? List.of(direct, gw) : List.of(gw, direct);
            RateLoad.Result[] rate = new RateLoad.Result[2];
            for (Target t : order) {
                RateLoad.Result result = RateLoad.run(rateClient, t, RATE, options.phase());
                rate[t == direct ? 0 : 1] = result;
                log(String.format("  %-7s %d req/s: p50 %d us, p99 %d us, %d errors", t.name(), RATE,
                        result.micros().getValueAtPercentile(50), result.micros().getValueAtPercentile(99), result.errors()));
            }
            Wrk.Result[] closed = new Wrk.Result[2];
            long cpu = 0;
            for (Target t : order) {
                // Windows in a row, the median one kept: the CPU per request of one JVM drifts by 10-20% from
                // one window to the next on a shared machine with the JIT idle.
                List<Window> windows = new ArrayList<>();
                for (int w = 0; w < CLOSED_LOOP_WINDOWS; w++) {
                    long cpu0 = gateway.stats.cpuNanos();
                    long jit0 = gateway.stats.compilerCpuNanos();
                    Wrk.Result result = Wrk.run(t, CONNECTIONS, options.phase(), work);
                    long jit = gateway.stats.compilerCpuNanos() - jit0;
                    long used = gateway.stats.cpuNanos() - cpu0;
                    windows.add(new Window(result, t == gw ? (double) used / Math.max(1, result.requests())
                            : -result.perSecond(), used));
                    log(String.format("  %-7s closed loop, %d connections: %.0f req/s, %d errors%s", t.name(),
                            CONNECTIONS, result.perSecond(), result.errors(), t == gw
                                    ? String.format(", gateway CPU %.1f us/request (JIT compiler %.1f)",
                                    used / 1000.0 / result.requests(), jit / 1000.0 / result.requests()) : ""));
                }
                windows.sort(Comparator.comparingDouble(Window::rank));
                Window median = windows.get(windows.size() / 2);
                Wrk.Result kept = median.result();
                // The errors of every window, not of the one kept.
                long errors = windows.stream().mapToLong(window -> window.result().errors()).sum();
                closed[t == direct ? 0 : 1] = new Wrk.Result(kept.requests(), kept.seconds(), errors, kept.output());
                if (t == gw) {
                    cpu = median.cpuNanos();
                }
            }
            StreamLoad.Result[] s100 = new StreamLoad.Result[2];
            int threads100 = 0;
            for (Target t : order) {
                try (Sampler sampler = new Sampler(gateway.stats)) {
                    s100[t == direct ? 0 : 1] = StreamLoad.run(client, t, 100, CHUNKS, SPACING_MS,
                            Duration.ofMillis((long) CHUNKS * SPACING_MS), Duration.ofSeconds(60));
                    if (t == gw) {
                        threads100 = sampler.maxThreads();
                    }
                }
                log(String.format("  %-7s 100 streams: %s", t.name(), StreamLoad.describe(s100[t == direct ? 0 : 1])));
            }
            StreamLoad.Result[] s1000 = new StreamLoad.Result[2];
            int threads1000 = 0;
            for (Target t : order) {
                try (Sampler sampler = new Sampler(gateway.stats)) {
                    s1000[t == direct ? 0 : 1] = StreamLoad.run(client, t, MANY_STREAMS, CHUNKS, MANY_SPACING_MS,
                            Duration.ofSeconds(4), Duration.ofSeconds(90));
                    if (t == gw) {
                        threads1000 = sampler.maxThreads();
                    }
                }
                log(String.format("  %-7s %d streams: %s", t.name(), MANY_STREAMS,
                        StreamLoad.describe(s1000[t == direct ? 0 : 1])));
            }
            long peakRss = gateway.stats.peakRssBytes();
            if (options.profileDir() != null && r == options.runs()) {
                profile(gateway, gw); // after the figures, so the profiler's own cost is in none of them
            }
            log(String.format("  gateway threads: idle %d, peak %d with 100 streams, %d with 1,000; peak RSS %d MB",
                    idleThreads, threads100, threads1000, peakRss >> 20));
            return new RunFigures(startup, idleRss, idleThreads, rate[0], rate[1], closed[0], closed[1],
                    cpu, s100[0], s100[1], threads100, s1000[0], s1000[1], threads1000, peakRss);
        }
    }

    /**
     * Closed-loop load in 10 s windows until the gateway's CPU per request is steady (past the minimum time,
     * the last three windows within 5% of their mean), or the time is up: figures taken while C2 still
     * compiles would measure the compiler. Between windows, a little of every other load of the run: code
     * compiled for chat requests alone is thrown away at the first streams (the code shared by both takes
     * branches it never took), and its recompilation would be measured instead of the gateway.
     */
    private void warmUp(GatewayProcess gateway, Target gw) throws IOException, InterruptedException {
        long start = System.nanoTime();
        List<Double> windows = new ArrayList<>();
        List<Long> jitWindows = new ArrayList<>();
        while (true) {
            long cpu0 = gateway.stats.cpuNanos();
            long jit0 = gateway.stats.compilerCpuNanos();
            Wrk.Result window = Wrk.run(gw, CONNECTIONS, Duration.ofSeconds(10), work);
            double perRequest = (gateway.stats.cpuNanos() - cpu0) / 1000.0 / Math.max(1, window.requests());
            windows.add(perRequest);
            jitWindows.add(Math.round((gateway.stats.compilerCpuNanos() - jit0) / 1000.0 / Math.max(1, window.requests())));
            otherLoads(rateClient, client, gw);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            boolean steady = elapsed.compareTo(options.minWarmUp()) >= 0 && lastAgree(windows, 3);
            if (steady || elapsed.compareTo(options.maxWarmUp()) >= 0) {
                log(String.format("  warm-up: %d s, %.0f req/s, %.0f us CPU/request%s; windows: %s, of which JIT: %s",
                        elapsed.toSeconds(), window.perSecond(), perRequest,
                        steady ? " (steady)" : " (time is up, not steady)",
                        windows.stream().map(w -> Long.toString(Math.round(w))).toList(), jitWindows));
                return;
            }
        }
    }

    /**
     * Between warm-up windows, a little of every other load: a second at the constant rate and 100 short streams,
     * so that the code compiled for the closed loop is not thrown away at the first streams.
     */
    static void otherLoads(LoadClient rate, LoadClient streams, Target gw) throws InterruptedException {
        RateLoad.run(rate, gw, RATE, Duration.ofSeconds(1));
        StreamLoad.run(streams, gw, 100, 5, 20, Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    /**
     * Streams until {@value #WARM_UP_EVENTS} events went through, then closed-loop windows until two in a row
     * agree: the code that handles each event runs far less often than the code of each request, and the
     * optimising compiler takes it up only after up to 100,000 calls (see the Tier4 thresholds of
     * conf/jvm.options). The rounds are the measured scenario's (100 streams, events {@value #SPACING_MS} ms
     * apart): with events 10 ms apart the gateway's core was saturated, the code was compiled for queues that
     * never empty, and the first round of the measured scenario then spent 120-160 ms of the core recompiling
     * it (a p99 delay per event of 4-5 ms in that round, 0.4-1.3 ms in the next ones). After the streams, the
     * code shared with chat requests is recompiled in turn: the first closed-loop window costs 20-30% more CPU.
     */
    private void warmUpStreams(GatewayProcess gateway, Target gw) throws IOException, InterruptedException {
        long start = System.nanoTime();
        long events = 0;
        StreamLoad.Result last = null;
        while (events < WARM_UP_EVENTS) {
            last = StreamLoad.run(client, gw, 100, CHUNKS, SPACING_MS, Duration.ofSeconds(1), Duration.ofSeconds(30));
            events += last.chunkDelayMicros().getTotalCount();
        }
        List<Double> windows = new ArrayList<>();
        do {
            long cpu0 = gateway.stats.cpuNanos();
            Wrk.Result window = Wrk.run(gw, CONNECTIONS, Duration.ofSeconds(10), work);
            windows.add((gateway.stats.cpuNanos() - cpu0) / 1000.0 / Math.max(1, window.requests()));
        } while (!lastAgree(windows, 2) && windows.size() < 6);
        log(String.format("  stream warm-up: %d s, %d events, last round: %s; then closed-loop windows: %s us CPU/request",
                Duration.ofNanos(System.nanoTime() - start).toSeconds(), events, StreamLoad.describe(last),
                windows.stream().map(w -> Long.toString(Math.round(w))).toList()));
    }

    /**
     * At the constant rate until the JIT compiler is idle: two {@value #RATE_WARM_UP_SECONDS} s windows in a row
     * with under {@value #IDLE_JIT_MS} ms of compiler CPU (at most {@link Options#maxRateWarmUpWindows()} windows).
     * At 1,000 req/s the gateway wakes up for each request, and the code of those wake-ups (Tomcat's poller,
     * HttpClient's I/O loop, the hand-offs between them) is hot only at a constant rate: after the closed loop
     * the compiler still spent up to 1.3 s of the gateway's core per 5 s window on it, for up to 70 s, with the
     * p99 at 4-8 ms meanwhile and 1.6-2.5 ms once it was idle. A gateway that serves a steady rate has
     * compiled that code; the figure is that gateway's.
     */
    private void warmUpRate(GatewayProcess gateway, Target gw) throws InterruptedException {
        long start = System.nanoTime();
        List<String> windows = new ArrayList<>();
        int idleInRow = 0;
        while (idleInRow < 2 && windows.size() < options.maxRateWarmUpWindows()) {
            long jit0 = gateway.stats.compilerCpuNanos();
            RateLoad.Result result = RateLoad.run(rateClient, gw, RATE, Duration.ofSeconds(RATE_WARM_UP_SECONDS));
            long jitMs = (gateway.stats.compilerCpuNanos() - jit0) / 1_000_000;
            idleInRow = jitMs < IDLE_JIT_MS ? idleInRow + 1 : 0;
            windows.add(String.format("p99 %d us/JIT %d ms", result.micros().getValueAtPercentile(99), jitMs));
        }
        log(String.format("  constant-rate warm-up: %d s, %s; windows: %s",
                Duration.ofNanos(System.nanoTime() - start).toSeconds(),
                idleInRow >= 2 ? "JIT idle" : "time is up, JIT not idle", windows));
    }

    /** Whether the last {@code n} windows are within 5% of their mean. */
    static boolean lastAgree(List<Double> windows, int n) {
        if (windows.size() < n) {
            return false;
        }
        List<Double> last = windows.subList(windows.size() - n, windows.size());
        double mean = last.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        return last.stream().allMatch(w -> Math.abs(w - mean) <= 0.05 * mean);
    }

    /** CPU and allocation profiles of the gateway under the closed loop, with async-profiler, and their summaries. */
    private void profile(GatewayProcess gateway, Target gw) throws IOException, InterruptedException {
        Path dir = options.profileDir();
        Files.createDirectories(dir);
        Path library = AsyncProfiler.extractLibrary(work);
        for (String event : List.of("cpu", "alloc")) {
            gateway.jcmd("JVMTI.agent_load", library.toString(),
                    "\"start,event=" + event + (event.equals("cpu") ? ",interval=1ms" : "") + "\"");
            Wrk.Result result = Wrk.run(gw, CONNECTIONS, options.phase(), work);
            Path html = dir.resolve(event + ".html");
            Path collapsed = dir.resolve(event + ".collapsed");
            gateway.jcmd("JVMTI.agent_load", library.toString(), "\"dump,file=" + html + (event.equals("alloc")
                    ? ",total" : "") + "\"");
            gateway.jcmd("JVMTI.agent_load", library.toString(), "\"stop,collapsed,file=" + collapsed
                    + (event.equals("alloc") ? ",total" : "") + "\"");
            System.out.println();
            System.out.println(AsyncProfiler.summary(collapsed, event, result.requests(), 25));
            log("  flame graph: " + html);
        }
    }

    private void close() throws InterruptedException {
        client.close();
        rateClient.close();
        if (fake != null) {
            fake.close();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    static void log(String line) {
        System.out.println(LocalTime.now().format(CLOCK) + " " + line);
    }

    private static Options parse(String[] args) {
        int runs = 3;
        boolean quick = false;
        Path war = Path.of("target/gemini-gateway.war");
        // The JVM options of the README's command, unless --java-options says otherwise ("" for none).
        List<String> javaOptions = List.of("@" + Path.of("conf/jvm.options").toAbsolutePath(),
                "-XX:SharedArchiveFile=" + Path.of("target/gemini-gateway.jsa").toAbsolutePath());
        Path profile = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--quick" -> quick = true;
                case "--war" -> war = Path.of(args[++i]);
                case "--java-options" -> javaOptions = args[++i].isBlank() ? List.of()
                        : Arrays.asList(args[i].trim().split("\\s+"));
                case "--profile" -> profile = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("Unknown option " + args[i]
                        + "; expected --runs N, --quick, --war FILE, --java-options \"...\", --profile DIR");
            }
        }
        return new Options(runs, quick, war.toAbsolutePath(), javaOptions,
                profile == null ? null : profile.toAbsolutePath());
    }
}
