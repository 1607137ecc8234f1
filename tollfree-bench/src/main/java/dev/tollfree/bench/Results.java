package dev.tollfree.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything one invocation measured, for the report. */
record Results(
        Options options,
        Map<String, String> machine,
        double loadBefore,
        double loadAfter,
        String upstreamKind,
        String gatewayLaunch,
        String warmup,
        List<Ceiling> ceilings,
        List<RatePair> rates,
        List<MaxPair> maxima,
        Startup startup,
        Memory memory,
        Optional<String> profile,
        Duration wallTime) {

    /**
     * One fake upstream implementation called directly: its closed-loop ceiling (the load
     * generator's ceiling too) and a short open-loop stream run, for its time to first token.
     */
    record Ceiling(String kind, Segment direct, Segment stream, int streamRate) {}

    /**
     * One scenario at one open-loop rate, both sides; {@code proxy} is the same load through the
     * {@link ReferenceProxy}, null when not measured.
     */
    record RatePair(Scenario scenario, int rate, int connections, Segment direct, Segment gateway, Segment proxy) {
        RatePair(Scenario scenario, int rate, int connections, Segment direct, Segment gateway) {
            this(scenario, rate, connections, direct, gateway, null);
        }

        double proxyAdded(double percentile) {
            return proxy == null ? Double.NaN : proxy.latencyMs(percentile) - direct.latencyMs(percentile);
        }

        double proxyAddedTtft(double percentile) {
            return proxy == null ? Double.NaN : proxy.ttftMs(percentile) - direct.ttftMs(percentile);
        }

        double added(double percentile) {
            return gateway.latencyMs(percentile) - direct.latencyMs(percentile);
        }

        double addedTtft(double percentile) {
            return gateway.ttftMs(percentile) - direct.ttftMs(percentile);
        }
    }

    /** One scenario's closed-loop maximum, both sides, and through the reference proxy (null when not measured). */
    record MaxPair(Scenario scenario, int connections, Segment direct, Segment gateway, Segment proxy) {
        MaxPair(Scenario scenario, int connections, Segment direct, Segment gateway) {
            this(scenario, connections, direct, gateway, null);
        }

        double ratio() {
            double d = direct.throughput();
            return d <= 0 ? Double.NaN : gateway.throughput() / d;
        }

        double proxyRatio() {
            double d = direct.throughput();
            return proxy == null || d <= 0 ? Double.NaN : proxy.throughput() / d;
        }
    }

    /**
     * Start-up to the first served request: the first on an empty data directory, then restarts
     * over it; and what the gateway's own log line said each time ({@code started in N ms}, -1 when absent).
     */
    record Startup(Duration firstStart, List<Duration> restarts, long firstRssKb, List<Long> reportedMillis) {
        Duration medianRestart() {
            if (restarts.isEmpty()) {
                return firstStart;
            }
            List<Duration> sorted = restarts.stream().sorted().toList();
            return sorted.get(sorted.size() / 2);
        }
    }

    /**
     * Resident memory of the load-test gateway: after start-up and a few seconds of rest, at the
     * busiest moment of the 1,000 requests/s (or nearest) non-streaming stretch, and at rest after all
     * load; and the CPU the gateway uses at rest, in percent of one core.
     */
    record Memory(long idleKb, long underLoadKb, int underLoadRate, long idleAfterLoadKb, long peakKb, double idleCpuPercent) {}
}
