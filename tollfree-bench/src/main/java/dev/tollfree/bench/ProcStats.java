package dev.tollfree.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
            return ticks(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))) * (1_000_000_000L / TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** utime plus stime (fields 14 and 15) of a process's or thread's {@code stat} line, in clock ticks. */
    private static long ticks(String stat) {
        // the command name is in parentheses and may contain spaces; fields after it are plain
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** CPU time of the JIT compiler threads (C1 and C2), or -1. */
    static long compilerCpuNanos(long pid) {
        Map<Long, ThreadCpu> threads = threadCpu(pid);
        if (threads.isEmpty()) {
            return -1;
        }
        long ticks = threads.values().stream().filter(t -> t.kind().equals("JIT")).mapToLong(ThreadCpu::ticks).sum();
        return ticks * (1_000_000_000L / TICKS_PER_SECOND);
    }

    /**
     * The kinds of thread {@link #cpuByKind} sums CPU over, in report order: a JVM serving with
     * virtual threads does the requests' work on its carriers, wakes them from its pollers, collects
     * garbage (serial collector) and reaches safepoints in the VM thread, and compiles in C1 and C2.
     */
    static final List<String> THREAD_KINDS = List.of("carriers", "pollers", "request log", "GC and safepoints", "JIT", "other");

    /** One thread's kind ({@link #THREAD_KINDS}) and CPU time in clock ticks. */
    record ThreadCpu(String kind, long ticks) {}

    /** Every thread of the process alive now, by thread id, or an empty map. */
    static Map<Long, ThreadCpu> threadCpu(long pid) {
        Map<Long, ThreadCpu> threads = new LinkedHashMap<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    String kind = threadKind(Files.readString(t.resolve("comm")).strip());
                    threads.put(Long.parseLong(t.getFileName().toString()), new ThreadCpu(kind, ticks(Files.readString(t.resolve("stat")))));
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return threads;
    }

    /**
     * CPU time per kind of thread between two {@link #threadCpu} snapshots, in nanoseconds (10 ms
     * resolution), every kind present; empty when either snapshot is. A thread that ended in between
     * took its time with it; one that started counts from zero.
     */
    static Map<String, Long> cpuByKind(Map<Long, ThreadCpu> before, Map<Long, ThreadCpu> after) {
        if (before.isEmpty() || after.isEmpty()) {
            return Map.of();
        }
        Map<String, Long> nanos = new LinkedHashMap<>();
        THREAD_KINDS.forEach(k -> nanos.put(k, 0L));
        after.forEach((tid, t) -> {
            ThreadCpu was = before.get(tid);
            long ticks = t.ticks() - (was == null ? 0 : was.ticks());
            nanos.merge(t.kind(), ticks * (1_000_000_000L / TICKS_PER_SECOND), Long::sum);
        });
        return nanos;
    }

    /** The kind of a thread from its name as Linux keeps it (the first 15 bytes). */
    static String threadKind(String comm) {
        if (comm.startsWith("ForkJoinPool")) {
            return "carriers"; // the virtual-thread scheduler's "ForkJoinPool-1-worker-N"
        }
        if (comm.endsWith("-Poller")) {
            return "pollers"; // "Read-Poller", "Write-Poller" (jdk.pollerMode=1; with 2 the pollers are virtual threads, on the carriers)
        }
        if (comm.startsWith("tollfree-reques")) {
            return "request log"; // the gateway's "tollfree-request-log" writer
        }
        if (comm.equals("VM Thread") || comm.startsWith("GC ")) {
            return "GC and safepoints";
        }
        if (comm.contains("CompilerThre")) {
            return "JIT"; // "C1 CompilerThre", "C2 CompilerThre"
        }
        return "other";
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
