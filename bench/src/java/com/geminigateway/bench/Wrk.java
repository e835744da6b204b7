package com.geminigateway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Closed-loop load with wrk (Debian's package) on core 1: each connection sends its next request on an answer. */
final class Wrk {

    record Result(long requests, double seconds, long errors, String output) {
        double perSecond() {
            return requests / seconds;
        }
    }

    private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in ([\\d.]+)(us|ms|s|m)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern SOCKET = Pattern.compile(
            "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

    private Wrk() {
    }

    static Result run(Target target, int connections, Duration duration, Path workDir) throws IOException, InterruptedException {
        Path script = workDir.resolve("wrk-" + target.name() + ".lua");
        StringBuilder lua = new StringBuilder("wrk.method = \"POST\"\n")
                .append("wrk.body = [[").append(target.chatBody()).append("]]\n")
                .append("wrk.headers[\"Content-Type\"] = \"application/json\"\n");
        target.headers().forEach((k, v) -> lua.append("wrk.headers[\"").append(k).append("\"] = \"").append(v).append("\"\n"));
        Files.writeString(script, lua);
        List<String> command = new ArrayList<>(List.of("taskset", "-c", "1", "wrk", "-t1", "-c" + connections,
                "-d" + duration.toSeconds() + "s", "--timeout", "10s", "-s", script.toString(), target.chat().toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("wrk failed:\n" + out);
        }
        Matcher total = TOTAL.matcher(out);
        if (!total.find()) {
            throw new IOException("Unexpected wrk output:\n" + out);
        }
        double seconds = Double.parseDouble(total.group(2)) * switch (total.group(3)) {
            case "us" -> 1e-6;
            case "ms" -> 1e-3;
            case "m" -> 60;
            default -> 1;
        };
        long errors = 0;
        Matcher non2xx = NON_2XX.matcher(out);
        if (non2xx.find()) {
            errors += Long.parseLong(non2xx.group(1));
        }
        Matcher socket = SOCKET.matcher(out);
        if (socket.find()) {
            for (int g = 1; g <= 4; g++) {
                errors += Long.parseLong(socket.group(g));
            }
        }
        return new Result(Long.parseLong(total.group(1)), seconds, errors, out);
    }
}
