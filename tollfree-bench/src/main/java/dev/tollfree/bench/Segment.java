package dev.tollfree.bench;

import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * What one stretch of load against one target measured. Latencies are microseconds; in open-loop
 * segments they run from the <em>intended</em> send time, so waiting for a free connection counts.
 */
final class Segment {
    static final long HIGHEST_MICROS = 120_000_000L;

    final Histogram latency = new Histogram(HIGHEST_MICROS, 3);
    final Histogram ttft = new Histogram(HIGHEST_MICROS, 3);
    final Map<Integer, Long> statuses = new TreeMap<>();
    long ok;
    long errors;
    long ioErrors;
    long unsent;
    long fellBack;
    long incompleteStreams;
    long elapsedNanos;
    /** CPU the process under test (the gateway, or the reference proxy in its segments) used, in nanoseconds; -1 when not measured. */
    long gatewayCpuNanos = -1;
    /** CPU this JVM (load generator and fake upstream) used in this segment, in nanoseconds. */
    long harnessCpuNanos = -1;
    /** The gateway's CPU by kind of thread ({@link ProcStats#THREAD_KINDS}), in nanoseconds; empty when not measured. */
    final Map<String, Long> gatewayThreadCpuNanos = new java.util.LinkedHashMap<>();
    /** Largest resident set of the process under test seen during the segment, in KiB; -1 when not measured. */
    long gatewayMaxRssKb = -1;

    /** Completed requests per second over the segment. */
    double throughput() {
        return elapsedNanos <= 0 ? 0 : ok * 1e9 / elapsedNanos;
    }

    /** Adds another segment of the same kind (rounds of one measurement). */
    void add(Segment o) {
        latency.add(o.latency);
        ttft.add(o.ttft);
        o.statuses.forEach((k, v) -> statuses.merge(k, v, Long::sum));
        ok += o.ok;
        errors += o.errors;
        ioErrors += o.ioErrors;
        unsent += o.unsent;
        fellBack += o.fellBack;
        incompleteStreams += o.incompleteStreams;
        elapsedNanos += o.elapsedNanos;
        gatewayCpuNanos = sum(gatewayCpuNanos, o.gatewayCpuNanos);
        harnessCpuNanos = sum(harnessCpuNanos, o.harnessCpuNanos);
        gatewayMaxRssKb = Math.max(gatewayMaxRssKb, o.gatewayMaxRssKb);
        o.gatewayThreadCpuNanos.forEach((k, v) -> gatewayThreadCpuNanos.merge(k, v, Long::sum));
    }

    private static long sum(long a, long b) {
        if (a < 0) {
            return b;
        }
        return b < 0 ? a : a + b;
    }

    /** Latency at a percentile, in milliseconds. */
    double latencyMs(double percentile) {
        return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(percentile) / 1000.0;
    }

    double ttftMs(double percentile) {
        return ttft.getTotalCount() == 0 ? Double.NaN : ttft.getValueAtPercentile(percentile) / 1000.0;
    }

    /** Gateway CPU per completed request in microseconds, or NaN. */
    double gatewayCpuMicrosPerRequest() {
        return gatewayCpuNanos < 0 || ok == 0 ? Double.NaN : gatewayCpuNanos / 1000.0 / ok;
    }

    /** The gateway's CPU per completed request of one kind of thread, in microseconds, or NaN. */
    double threadCpuMicrosPerRequest(String kind) {
        Long nanos = gatewayThreadCpuNanos.get(kind);
        return nanos == null || ok == 0 ? Double.NaN : nanos / 1000.0 / ok;
    }

    double harnessCpuMicrosPerRequest() {
        return harnessCpuNanos < 0 || ok == 0 ? Double.NaN : harnessCpuNanos / 1000.0 / ok;
    }

    synchronized void status(int status) {
        statuses.merge(status, 1L, Long::sum);
    }
}
