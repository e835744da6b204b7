package com.geminigateway.containers;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A standalone container installed from its distribution archive, run as its own process, with the
 * gateway WAR deployed under a context path the way an administrator would deploy it.
 */
abstract class StandaloneContainer implements AutoCloseable {

    protected final Path work;
    protected final int port;
    protected final Path consoleLog;
    private Process process;

    StandaloneContainer(Path work) throws IOException {
        this.work = work;
        this.port = freePort();
        this.consoleLog = work.resolve("console.log");
    }

    /** Unpacks the distribution and configures the container (port, deployment of the WAR with settings). */
    abstract void install(Path archive, Path war, String contextPath, Map<String, String> settings) throws Exception;

    abstract List<String> startCommand();

    abstract Map<String, String> environment();

    /** Removes the deployment the way an administrator would; the container undeploys it by itself. */
    abstract void undeploy() throws IOException;

    /** A console line that says the web application was stopped. */
    abstract Predicate<String> undeployedLine();

    /** Every log the container wrote. */
    abstract List<Path> logs() throws IOException;

    String baseUrl(String contextPath) {
        return "http://127.0.0.1:" + port + contextPath;
    }

    /** Where the container process runs. */
    Path workingDirectory() {
        return work;
    }

    boolean isRunning() {
        return process != null && process.isAlive();
    }

    void start() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(startCommand())
                .directory(workingDirectory().toFile())
                .redirectErrorStream(true)
                .redirectOutput(consoleLog.toFile());
        builder.environment().putAll(environment());
        process = builder.start();
    }

    boolean waitForConsole(Predicate<String> line, Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (Files.exists(consoleLog) && Files.readAllLines(consoleLog, StandardCharsets.UTF_8).stream().anyMatch(line)) {
                return true;
            }
            if (process != null && !process.isAlive()) {
                return false;
            }
            Thread.sleep(200); // polling a log file: nothing to wait on instead
        }
        return false;
    }

    String console() throws IOException {
        return Files.exists(consoleLog) ? Files.readString(consoleLog, StandardCharsets.UTF_8) : "";
    }

    /** SIGTERM, as a service manager stops it; the container shuts down gracefully. */
    int stop() throws InterruptedException {
        if (process == null) {
            return -1;
        }
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    static void untar(Path archive, Path into) throws IOException, InterruptedException {
        Files.createDirectories(into);
        Process tar = new ProcessBuilder("tar", "xzf", archive.toString(), "-C", into.toString())
                .redirectErrorStream(true).start();
        String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (tar.waitFor() != 0) {
            throw new IOException("tar failed: " + output);
        }
    }

    static Path single(Path dir, String prefix) throws IOException {
        try (var entries = Files.list(dir)) {
            return entries.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new IOException("No " + prefix + "* in " + dir));
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static String xmlEscape(String s) {
        return s.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
