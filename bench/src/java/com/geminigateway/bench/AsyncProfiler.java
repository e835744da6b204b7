package com.geminigateway.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * async-profiler (from Maven Central, on the bench class path) loaded into the running gateway with jcmd,
 * and a reader of its collapsed stacks that says where the time or the bytes go: by layer of the stack
 * (each sample is charged to the innermost frame of a known library, so JDK and kernel frames count for
 * the library that called them) and by that frame.
 */
final class AsyncProfiler {

    /** Innermost match wins; the order only matters for packages that overlap (none do). */
    private static final Map<String, Pattern> LAYERS = new LinkedHashMap<>();

    static {
        LAYERS.put("gateway", Pattern.compile("com[./]geminigateway[./]"));
        LAYERS.put("jackson", Pattern.compile("com[./]fasterxml[./]jackson"));
        LAYERS.put("jersey", Pattern.compile("org[./]glassfish[./]jersey"));
        LAYERS.put("hk2", Pattern.compile("org[./]glassfish[./]hk2|org[./]jvnet"));
        LAYERS.put("log4j", Pattern.compile("org[./]apache[./]logging"));
        LAYERS.put("tomcat", Pattern.compile("org[./]apache[./](coyote|catalina|tomcat)"));
        LAYERS.put("httpclient", Pattern.compile("org[./]apache[./]hc"));
    }

    private AsyncProfiler() {
    }

    static Path extractLibrary(Path dir) throws IOException {
        String jar = Stream.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(p -> p.contains("async-profiler")).findFirst()
                .orElseThrow(() -> new IOException("async-profiler is not on the class path (Maven profile bench)"));
        String platform = System.getProperty("os.arch").contains("aarch64") ? "linux-arm64" : "linux-x64";
        Path library = dir.resolve("libasyncProfiler.so");
        try (ZipFile zip = new ZipFile(jar); InputStream in = zip.getInputStream(zip.getEntry(platform + "/libasyncProfiler.so"))) {
            Files.copy(in, library, StandardCopyOption.REPLACE_EXISTING);
        }
        return library;
    }

    /** Shares by layer, then the top frames, from a collapsed-stacks file ({@code frames;... count} per line). */
    static String summary(Path collapsed, String event, long requests, int top) throws IOException {
        List<String> lines = Files.readAllLines(collapsed);
        Map<String, Long> byLayer = new HashMap<>();
        Map<String, Long> byFrame = new HashMap<>();
        long total = 0;
        for (String line : lines) {
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            long n = Long.parseLong(line.substring(space + 1).trim());
            String[] frames = line.substring(0, space).split(";");
            String layer = "JVM, GC, JIT, other";
            String frame = frames[frames.length - 1];
            outer:
            for (int i = frames.length - 1; i >= 0; i--) {
                for (Map.Entry<String, Pattern> e : LAYERS.entrySet()) {
                    if (e.getValue().matcher(frames[i]).find()) {
                        layer = e.getKey();
                        frame = frames[i] + (event.equals("alloc") ? " -> " + frames[frames.length - 1] : "");
                        break outer;
                    }
                }
            }
            byLayer.merge(layer, n, Long::sum);
            byFrame.merge(layer + "  " + frame.replace('/', '.'), n, Long::sum);
            total += n;
        }
        StringBuilder sb = new StringBuilder();
        sb.append(event.equals("cpu")
                ? String.format("Gateway CPU profile, closed loop: %d samples of 1 ms over %,d requests%n", total, requests)
                : String.format("Gateway allocation profile, closed loop: %,d KB over %,d requests (%,.1f KB per request)%n",
                        total / 1024, requests, total / 1024.0 / Math.max(1, requests)));
        sb.append("By layer (JDK and kernel frames count for the library that called them):\n");
        long all = total;
        byLayer.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> sb.append(String.format("  %5.1f%%  %s%n", 100.0 * e.getValue() / all, e.getKey())));
        sb.append("Top frames of those layers:\n");
        byFrame.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .forEach(e -> sb.append(String.format("  %5.1f%%  %s%n", 100.0 * e.getValue() / all, e.getKey())));
        return sb.toString();
    }
}
