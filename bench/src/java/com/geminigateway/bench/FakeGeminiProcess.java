package com.geminigateway.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The fast fake Gemini in a JVM of its own on core 1, next to the load; the gateway has core 0 to itself. */
final class FakeGeminiProcess implements AutoCloseable {

    private final Process process;
    final int port;

    private FakeGeminiProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static FakeGeminiProcess start() throws IOException {
        List<String> command = List.of("taskset", "-c", "1", GatewayProcess.javaBinary(), "-Xmx512m",
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), FastFakeGemini.class.getName(),
                "--port", "0");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream()));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("FAKE_PORT=")) {
                return new FakeGeminiProcess(process, Integer.parseInt(line.substring("FAKE_PORT=".length())));
            }
        }
        process.destroyForcibly();
        throw new IOException("The fake Gemini did not start");
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
