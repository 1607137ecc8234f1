package dev.tollfree.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * A text summary of a JFR recording of the gateway: where CPU samples land (by leaf method, by
 * area of code, and by Tollfree method including callees), what allocates, and what the collector did.
 */
final class JfrSummary {
    private static final int TOP = 25;

    private JfrSummary() {}

    static String summarize(Path recording, long requests) {
        List<RecordedEvent> events;
        try {
            events = RecordingFile.readAllEvents(recording);
        } catch (IOException e) {
            return "could not read " + recording + ": " + e.getMessage();
        }
        Map<String, Long> leaf = new HashMap<>();
        Map<String, Long> area = new HashMap<>();
        Map<String, Long> tollfree = new HashMap<>();
        Map<String, Long> allocByCaller = new HashMap<>();
        long samples = 0;
        long allocTotal = 0;
        Map<Integer, Duration[]> gcs = new HashMap<>(); // by gcId: a recording dumped twice holds an event twice
        Map<String, Long> allocSamplesByClass = new HashMap<>();
        Map<Integer, long[]> heapByGc = new HashMap<>(); // gcId -> {used before, used after}
        Map<String, Long> allocSamplesBySite = new HashMap<>();
        for (RecordedEvent e : events) {
            String type = e.getEventType().getName();
            switch (type) {
                case "jdk.ExecutionSample" -> {
                    RecordedStackTrace st = e.getStackTrace();
                    if (st == null || st.getFrames().isEmpty()) {
                        continue;
                    }
                    samples++;
                    List<RecordedFrame> frames = st.getFrames();
                    leaf.merge(name(frames.getFirst()), 1L, Long::sum);
                    area.merge(area(frames), 1L, Long::sum);
                    Set<String> seen = new HashSet<>();
                    for (RecordedFrame f : frames) {
                        String n = name(f);
                        if (n.startsWith("dev.tollfree.") && seen.add(n)) {
                            tollfree.merge(n, 1L, Long::sum);
                        }
                    }
                }
                case "jdk.ObjectAllocationSample" -> {
                    long w = e.getLong("weight");
                    allocTotal += w;
                    RecordedStackTrace st = e.getStackTrace();
                    String site = "(no Tollfree frame)";
                    String caller = "(JDK only)";
                    if (st != null) {
                        for (RecordedFrame f : st.getFrames()) {
                            String n = name(f);
                            if (caller.equals("(JDK only)") && !n.startsWith("java.") && !n.startsWith("jdk.") && !n.startsWith("sun.")) {
                                caller = n;
                            }
                            if (n.startsWith("dev.tollfree.")) {
                                site = n;
                                break;
                            }
                        }
                        if (caller.equals("(JDK only)") && !st.getFrames().isEmpty()) {
                            caller = "(JDK only) " + name(st.getFrames().getLast());
                        }
                    }
                    allocByCaller.merge(caller, 1L, Long::sum);
                    allocSamplesBySite.merge(site, 1L, Long::sum);
                    allocSamplesByClass.merge(e.getClass("objectClass").getName(), 1L, Long::sum);
                }
                case "jdk.GCHeapSummary" -> {
                    long[] h = heapByGc.computeIfAbsent(e.getInt("gcId"), k -> new long[] {-1, -1});
                    h[e.getString("when").startsWith("Before") ? 0 : 1] = e.getLong("heapUsed");
                }
                case "jdk.GarbageCollection" -> gcs.put(e.getInt("gcId"), new Duration[] {e.getDuration("sumOfPauses"), e.getDuration("longestPause")});
                default -> { }
            }
        }
        long gcCount = gcs.size();
        Duration gcPause = gcs.values().stream().map(d -> d[0]).reduce(Duration.ZERO, Duration::plus);
        Duration gcLongest = gcs.values().stream().map(d -> d[1]).max(Duration::compareTo).orElse(Duration.ZERO);
        StringBuilder b = new StringBuilder();
        b.append(String.format("CPU samples: %,d. Garbage collections: %,d, pauses %,d ms in total, the longest %.1f ms.%n", samples, gcCount,
                gcPause.toMillis(), gcLongest.toNanos() / 1e6));
        long allocated = allocatedBetweenCollections(heapByGc);
        if (requests > 0 && allocated > 0) {
            b.append(String.format("Allocated (heap used before each collection minus after the previous one): %,.1f MB, about %,.1f KB per request "
                    + "(a lower bound: what was allocated after the last collection is not counted).%n", allocated / 1e6, allocated / 1e3 / requests));
        }
        section(b, "CPU samples by area (leaf frame's package, grouped)", area, samples, TOP);
        section(b, "CPU samples by leaf method", leaf, samples, TOP);
        section(b, "Tollfree methods, including what they call (share of all samples)", tollfree, samples, TOP);
        long allocSamples = allocSamplesBySite.values().stream().mapToLong(Long::longValue).sum();
        b.append(String.format("%nAllocation samples: %,d. Shares below count samples, not their weights: JFR's weights are unreliable for "
                + "virtual threads (they added up to %,.0f MB here, far more than the heap summaries show).%n", allocSamples, allocTotal / 1e6));
        section(b, "Allocation samples by class", allocSamplesByClass, allocSamples, 15);
        section(b, "Allocation samples by innermost Tollfree frame", allocSamplesBySite, allocSamples, 15);
        section(b, "Allocation samples by innermost frame outside the JDK (for JDK-only stacks, the thread's root frame)", allocByCaller, allocSamples, 15);
        return b.toString();
    }

    /** Bytes allocated between collections, from the heap summaries JFR writes before and after each one. */
    private static long allocatedBetweenCollections(Map<Integer, long[]> heapByGc) {
        long total = 0;
        long previousAfter = -1;
        for (Map.Entry<Integer, long[]> e : new java.util.TreeMap<>(heapByGc).entrySet()) {
            long before = e.getValue()[0];
            if (previousAfter >= 0 && before >= previousAfter) {
                total += before - previousAfter;
            }
            previousAfter = e.getValue()[1];
        }
        return total;
    }

    private static void section(StringBuilder b, String title, Map<String, Long> counts, long total, int top) {
        b.append('\n').append(title).append(":\n");
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .forEach(e -> b.append(String.format("  %5.1f%%  %s%n", total == 0 ? 0 : 100.0 * e.getValue() / total, e.getKey())));
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    /** A coarse area for a sample, from the innermost frame that says something about what the work was for. */
    private static String area(List<RecordedFrame> frames) {
        String leafType = frames.getFirst().getMethod().getType().getName();
        for (RecordedFrame f : frames) {
            String t = f.getMethod().getType().getName();
            if (t.startsWith("dev.tollfree.")) {
                return "Tollfree " + t.substring("dev.tollfree.".length(), t.lastIndexOf('.')) + (t.equals(leafType) ? "" : " (in callees)");
            }
            if (t.startsWith("jdk.internal.net.http.")) {
                return "JDK HttpClient";
            }
            if (t.startsWith("io.helidon.")) {
                return "Helidon " + (t.contains(".http1.") ? "HTTP/1" : t.substring("io.helidon.".length(), t.indexOf('.', "io.helidon.".length())));
            }
            if (t.startsWith("tools.jackson.")) {
                return "Jackson";
            }
            if (t.startsWith("org.sqlite.") || t.startsWith("org.postgresql.")) {
                return "JDBC (request log)";
            }
        }
        if (leafType.startsWith("sun.nio.") || leafType.startsWith("java.net.") || leafType.startsWith("sun.net.")) {
            return "JDK sockets";
        }
        if (leafType.startsWith("java.lang.VirtualThread") || leafType.startsWith("java.util.concurrent.") || leafType.startsWith("jdk.internal.vm.")) {
            return "threads and scheduling";
        }
        return "other: " + leafType.substring(0, Math.max(0, leafType.lastIndexOf('.')));
    }
}
