package com.geminigateway.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What Linux says about a process in /proc: CPU time used, threads, resident memory now and at peak. */
final class ProcStats {

    /** Clock ticks per second of utime/stime (USER_HZ); 100 on every Linux in practice, asked once anyway. */
    private static final long TICKS_PER_SECOND = ticksPerSecond();

    private final long pid;

    ProcStats(long pid) {
        this.pid = pid;
    }

    /** User plus system CPU time the process used so far, in nanoseconds. */
    long cpuNanos() {
        return ticks(read("stat")) * 1_000_000_000L / TICKS_PER_SECOND;
    }

    /** utime plus stime (fields 14 and 15) of a stat line of /proc. */
    private static long ticks(String stat) {
        // Fields after the command name, which is in parentheses and may contain spaces.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /**
     * CPU time of the JIT compiler threads so far, in nanoseconds: part of {@link #cpuNanos()}, shown apart
     * because a phase that still compiles measures the compiler rather than the gateway.
     */
    long compilerCpuNanos() {
        long ticks = 0;
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String name = Files.readString(task.resolve("comm")); // "C2 CompilerThre", cut at 15
                    if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                        ticks += ticks(Files.readString(task.resolve("stat")));
                    }
                } catch (IOException threadEnded) {
                    // compiler threads come and go with the work; one that ended took its ticks with it
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("process " + pid + " is gone", e);
        }
        return ticks * 1_000_000_000L / TICKS_PER_SECOND;
    }

    int threads() {
        return (int) status("Threads:");
    }

    /** Resident set size now, in bytes. */
    long rssBytes() {
        return status("VmRSS:") * 1024;
    }

    /** The highest resident set size since the process started, in bytes. */
    long peakRssBytes() {
        return status("VmHWM:") * 1024;
    }

    private long status(String field) {
        for (String line : read("status").split("\n")) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
            }
        }
        throw new IllegalStateException(field + " missing in /proc/" + pid + "/status");
    }

    private String read(String file) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), file));
        } catch (IOException e) {
            throw new UncheckedIOException("process " + pid + " is gone", e);
        }
    }

    private static long ticksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor() == 0 ? Long.parseLong(out) : 100;
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
