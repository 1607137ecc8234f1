package dev.tollfree.bench;

import java.util.List;

/** The JVM flags {@code ./tollfree serve} runs the gateway with, for every benchmark that starts one. */
public final class LauncherFlags {
    /** The launcher's maximum heap; {@code -Dtollfree.bench.maxHeap=SIZE} on the harness tries another. */
    static final String MAX_HEAP = System.getProperty("tollfree.bench.maxHeap", "96m");

    private LauncherFlags() {}

    /** Collector, heap, stack, native-heap trimming and socket pollers, as the launcher passes them. */
    public static List<String> base() {
        return List.of("-XX:+UseSerialGC", "-Xms16m", "-XX:NewSize=12m", "-XX:SurvivorRatio=6", "-Xmx" + MAX_HEAP, "-Xss512k", "-XX:TrimNativeHeapInterval=2000", "-Djdk.pollerMode=1");
    }
}
