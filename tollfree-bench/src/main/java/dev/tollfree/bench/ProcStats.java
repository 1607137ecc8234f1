package dev.tollfree.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and resident memory of another process, read from Linux's {@code /proc/<pid>/stat}
 * (utime + stime, in clock ticks) and {@code /proc/<pid>/status} (VmRSS). Elsewhere they read as -1.
 */
final class ProcStats {
    /** Linux reports stat times in USER_HZ, which is 100 on every mainstream kernel. */
    static final long TICKS_PER_SECOND = 100;

    private ProcStats() {}

    /** User plus system CPU time of the process in nanoseconds (10 ms resolution), or -1. */
    static long cpuNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name is in parentheses and may contain spaces; fields after it are plain
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
            return ticks * (1_000_000_000L / TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** CPU time of the JIT compiler threads (C1 and C2), or -1. */
    static long compilerCpuNanos(long pid) {
        long ticks = 0;
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    if (!Files.readString(t.resolve("comm")).contains("CompilerThre")) {
                        continue; // "C1 CompilerThre", "C2 CompilerThre"
                    }
                    String stat = Files.readString(t.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return ticks * (1_000_000_000L / TICKS_PER_SECOND);
    }

    /** VmRSS in KiB, or -1. */
    static long rssKb(long pid) {
        return statusField(pid, "VmRSS:");
    }

    /** VmRSS with its anonymous (heap, stacks, metaspace) and file-backed (jars, AOT cache, libraries) parts. */
    static String rssBreakdown(long pid) {
        return String.format("VmRSS %,d KB = RssAnon %,d KB + RssFile %,d KB + RssShmem %,d KB", rssKb(pid), statusField(pid, "RssAnon:"),
                statusField(pid, "RssFile:"), statusField(pid, "RssShmem:"));
    }

    /** Threads of the process, or -1. */
    static long threads(long pid) {
        return statusField(pid, "Threads:");
    }

    private static long statusField(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).strip().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** One-minute load average, or NaN. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
