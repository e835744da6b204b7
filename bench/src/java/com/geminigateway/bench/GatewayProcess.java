package com.geminigateway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;

/**
 * The gateway exactly as a user starts it, {@code java -jar gemini-gateway.war}, pinned to core 0 with
 * taskset, in a scratch working directory, configured through the environment to call the fast fake.
 */
final class GatewayProcess implements AutoCloseable {

    static final String PASSWORD = "bench-password";

    private final Process process;
    final int port;
    final ProcStats stats;
    final long startupNanos;

    private GatewayProcess(Process process, int port, long startupNanos) {
        this.process = process;
        this.port = port;
        this.stats = new ProcStats(process.pid());
        this.startupNanos = startupNanos;
    }

    long pid() {
        return process.pid();
    }

    /** Starts the gateway and returns once its first chat completion succeeded. */
    static GatewayProcess start(Path war, List<String> javaOptions, int port, int fakePort, Path dir,
                                LoadClient client) throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("conf"));
        // Limits are checked on every request, as in production, but set far above what the bench sends.
        Files.writeString(dir.resolve("conf/model_limits.json"), """
                {"models": {"gemini-2.5-flash": {"bench": {"rpm": 100000000, "tpm": 100000000000, "rpd": 100000000,
                  "tpd": 100000000000}}}}
                """);
        List<String> command = new ArrayList<>(List.of("taskset", "-c", "0", javaBinary()));
        command.addAll(javaOptions);
        command.add("-Xlog:gc:file=" + dir.resolve("gc.log") + ":uptime"); // to explain pauses afterwards
        command.addAll(List.of("-jar", war.toString(), "--port", Integer.toString(port), "--host", "127.0.0.1"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("gateway.out").toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> !name.equals("PATH") && !name.equals("HOME") && !name.equals("LANG"));
        env.put("GEMINI_BASE_URL", "http://127.0.0.1:" + fakePort);
        env.put("GEMINI_API_KEYS", "bench-key-1,bench-key-2,bench-key-3,bench-key-4");
        env.put("PASSWORD", PASSWORD);
        env.put("MAX_REQUESTS_PER_MINUTE", "0");
        env.put("MAX_REQUESTS_PER_MINUTE_PER_IP", "0");
        env.put("DEFAULT_KEY_TIER", "bench");
        env.put("MAX_REQUESTS_PER_DAY_PER_IP", "0");
        env.put("LOG_DIR", dir.resolve("logs").toString());
        env.put("DATA_DIR", dir.resolve("data").toString());
        long t0 = System.nanoTime();
        Process process = builder.start();
        Target target = Target.gateway(port, PASSWORD);
        long deadline = t0 + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("The gateway exited during start-up; see " + dir.resolve("gateway.out"));
            }
            try {
                SimpleHttpResponse response = client.http.execute(
                        LoadClient.post(target.chat(), target.chatBytes(), target.headers()), null).get(5, TimeUnit.SECONDS);
                if (response.getCode() == 200) {
                    return new GatewayProcess(process, port, System.nanoTime() - t0);
                }
            } catch (ExecutionException | TimeoutException e) {
                // not listening yet
            }
            Thread.sleep(5);
        }
        process.destroyForcibly();
        throw new IOException("The gateway answered no chat within 60 s; see " + dir.resolve("gateway.out"));
    }

    /** Java Flight Recorder, started and stopped from outside with jcmd (on core 1). */
    void jcmd(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("taskset", "-c", "1", Path.of(System.getProperty("java.home"),
                "bin", "jcmd").toString(), Long.toString(pid())));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("jcmd " + String.join(" ", args) + " failed: " + out);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy(); // SIGTERM: the launcher stops Tomcat cleanly
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
