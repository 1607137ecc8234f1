package dev.tollfree.bench;

import dev.tollfree.api.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes one invocation's results: {@code summary.md} (tables and target verdicts),
 * {@code results.json}, one {@code latency-<scenario>.svg} per scenario, the percentile
 * distributions under {@code hgrm/}, and {@code gateway-profile.txt} when profiled.
 */
final class Report {
    private static final double[] PCTS = {50, 99, 99.9};

    private Report() {}

    /** Files written, in the order written. */
    static List<Path> write(Results r, Path out, String commandLine) {
        List<Path> files = new ArrayList<>();
        try {
            Files.createDirectories(out.resolve("hgrm"));
            files.add(writeString(out.resolve("summary.md"), markdown(r, commandLine)));
            files.add(writeString(out.resolve("results.json"), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json(r, commandLine))));
            for (Scenario s : r.options().scenarios()) {
                List<SvgPlot.Series> series = new ArrayList<>();
                int colour = 0;
                for (Results.RatePair p : r.rates()) {
                    if (p.scenario() == s) {
                        series.add(new SvgPlot.Series(String.format("direct %,d/s", p.rate()), p.direct().latency, colour, true));
                        series.add(new SvgPlot.Series(String.format("gateway %,d/s", p.rate()), p.gateway().latency, colour, false));
                        colour++;
                        files.add(hgrm(out, s.label() + "-" + p.rate() + "-direct", p.direct()));
                        files.add(hgrm(out, s.label() + "-" + p.rate() + "-gateway", p.gateway()));
                    }
                }
                if (!series.isEmpty()) {
                    files.add(writeString(out.resolve("latency-" + s.label() + ".svg"),
                            SvgPlot.render("Latency by percentile, " + s.label() + " (direct dashed, gateway solid)", series)));
                }
            }
            if (r.profile().isPresent()) {
                files.add(writeString(out.resolve("gateway-profile.txt"), r.profile().get()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private static Path hgrm(Path out, String name, Segment s) throws IOException {
        Path file = out.resolve("hgrm").resolve(name + ".hgrm");
        try (PrintStream ps = new PrintStream(Files.newOutputStream(file), false, StandardCharsets.UTF_8)) {
            s.latency.outputPercentileDistribution(ps, 5, 1000.0); // milliseconds
        }
        return file;
    }

    private static Path writeString(Path file, String text) throws IOException {
        Files.writeString(file, text);
        return file;
    }

    static String markdown(Results r, String commandLine) {
        StringBuilder b = new StringBuilder();
        Options o = r.options();
        b.append("# Tollfree benchmark results\n\n");
        b.append("- Run: ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(", ")
                .append(r.wallTime().toSeconds()).append(" s wall time").append(o.quick() ? " (quick mode: proves the harness works; the numbers mean nothing)" : "").append('\n');
        b.append("- Command: `").append(commandLine).append("`\n");
        r.machine().forEach((k, v) -> b.append("- ").append(k).append(": ").append(v).append('\n'));
        b.append(String.format("- Load average (1 min): %.2f before, %.2f after%n", r.loadBefore(), r.loadAfter()));
        b.append("- Fake upstream: ").append(r.upstreamKind()).append("; gateway: ").append(r.gatewayLaunch()).append('\n');
        b.append("- Warm-up: ").append(r.warmup()).append('\n');
        b.append(String.format("- Open loop: %d s per rate and side in %d alternating rounds, after %d s of unmeasured load per scenario and side; streams: %d chunks, %d ms apart%n",
                o.duration().toSeconds(), o.rounds(), o.warmup().toSeconds(), o.chunks(), o.gap().toMillis()));

        b.append("\n## Targets\n\n| Target | Goal | Measured | Verdict |\n|---|---|---|---|\n");
        for (Targets.Verdict v : Targets.judge(r)) {
            b.append("| ").append(v.name()).append(" | ").append(v.target()).append(" | ").append(v.measured()).append(" | ")
                    .append(v.met().map(m -> m ? "**met**, " + v.margin() : "**missed**, " + v.margin()).orElse("—")).append(" |\n");
        }

        b.append("\n## Added latency at fixed rates\n\nOpen loop, latency from the intended send time (ms). Added = gateway percentile minus direct percentile.\n\n");
        b.append("| Scenario | Rate/s | Conns | Direct p50 / p99 / p99.9 | Gateway p50 / p99 / p99.9 | **Added** p50 / p99 / p99.9 | Gateway done/s | Errors (d/g) | Gateway CPU µs/req | Harness CPU µs/req | Gateway peak RSS MB |\n");
        b.append("|---|---:|---:|---|---|---|---:|---|---:|---:|---:|\n");
        for (Results.RatePair p : r.rates()) {
            b.append(String.format(Locale.ROOT, "| %s | %,d | %d | %s | %s | **%s** | %,.0f | %d/%d | %.0f | %.0f | %.0f |%n", p.scenario().label(), p.rate(), p.connections(),
                    three(p.direct()::latencyMs), three(p.gateway()::latencyMs), three(p::added), p.gateway().throughput(),
                    p.direct().errors + p.direct().ioErrors + p.direct().unsent, p.gateway().errors + p.gateway().ioErrors + p.gateway().unsent,
                    p.gateway().gatewayCpuMicrosPerRequest(), p.gateway().harnessCpuMicrosPerRequest(), p.gateway().gatewayMaxRssKb / 1024.0));
        }
        List<Results.RatePair> streams = r.rates().stream().filter(p -> p.scenario().stream).toList();
        if (!streams.isEmpty()) {
            b.append("\n## Time to first token (streams)\n\nFrom the intended send time to the first body bytes of the event stream (ms).\n\n");
            b.append("| Rate/s | Direct p50 / p99 / p99.9 | Gateway p50 / p99 / p99.9 | **Added** p50 / p99 / p99.9 | Incomplete streams (d/g) |\n|---:|---|---|---|---|\n");
            for (Results.RatePair p : streams) {
                b.append(String.format(Locale.ROOT, "| %,d | %s | %s | **%s** | %d/%d |%n", p.rate(), three(p.direct()::ttftMs), three(p.gateway()::ttftMs),
                        three(p::addedTtft), p.direct().incompleteStreams, p.gateway().incompleteStreams));
            }
        }
        if (!r.maxima().isEmpty()) {
            b.append("\n## Maximum throughput\n\nClosed loop, each connection sends again as soon as it has an answer.\n\n");
            b.append("| Scenario | Conns | Direct req/s | Gateway req/s | **Gateway / direct** | Gateway p50 / p99 ms | Gateway CPU µs/req | Errors (d/g) |\n|---|---:|---:|---:|---:|---|---:|---|\n");
            for (Results.MaxPair m : r.maxima()) {
                b.append(String.format(Locale.ROOT, "| %s | %d | %,.0f | %,.0f | **%.0f%%** | %.2f / %.2f | %.0f | %d/%d |%n", m.scenario().label(), m.connections(),
                        m.direct().throughput(), m.gateway().throughput(), m.ratio() * 100, m.gateway().latencyMs(50), m.gateway().latencyMs(99),
                        m.gateway().gatewayCpuMicrosPerRequest(), m.direct().errors + m.direct().ioErrors, m.gateway().errors + m.gateway().ioErrors));
            }
        }
        List<Results.RatePair> viaProxy = r.rates().stream().filter(p -> p.proxy() != null).toList();
        if (!viaProxy.isEmpty()) {
            b.append("\n## Reference proxy\n\nThe same load through a proxy that only relays HTTP (a separate JVM with the gateway's flags, blocking sockets, "
                    + "a virtual thread per connection; no JSON, routing or log), measured in the same rounds: what any gateway on this machine "
                    + "adds just by being a second hop on the same cores. Added = percentile minus direct (ms).\n\n");
            b.append("| Scenario | Rate/s | Proxy p50 / p99 / p99.9 | **Proxy added** p50 / p99 / p99.9 | Gateway added p50 / p99 / p99.9 | Proxy added TTFT p50 | Proxy CPU µs/req | Errors |\n");
            b.append("|---|---:|---|---|---|---:|---:|---:|\n");
            for (Results.RatePair p : viaProxy) {
                b.append(String.format(Locale.ROOT, "| %s | %,d | %s | **%s** | %s | %s | %.0f | %d |%n", p.scenario().label(), p.rate(), three(p.proxy()::latencyMs),
                        three(p::proxyAdded), three(p::added), p.scenario().stream ? String.format(Locale.ROOT, "%.3f", p.proxyAddedTtft(50)) : "—",
                        p.proxy().gatewayCpuMicrosPerRequest(), p.proxy().errors + p.proxy().ioErrors + p.proxy().unsent));
            }
            List<Results.MaxPair> maxViaProxy = r.maxima().stream().filter(m -> m.proxy() != null).toList();
            if (!maxViaProxy.isEmpty()) {
                b.append("\n| Scenario | Conns | Direct req/s | Proxy req/s | **Proxy / direct** | Gateway / direct | Gateway / proxy | Proxy CPU µs/req |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
                for (Results.MaxPair m : maxViaProxy) {
                    b.append(String.format(Locale.ROOT, "| %s | %d | %,.0f | %,.0f | **%.0f%%** | %.0f%% | %.0f%% | %.0f |%n", m.scenario().label(), m.connections(),
                            m.direct().throughput(), m.proxy().throughput(), m.proxyRatio() * 100, m.ratio() * 100,
                            100.0 * m.gateway().throughput() / m.proxy().throughput(), m.proxy().gatewayCpuMicrosPerRequest()));
                }
            }
        }
        List<String[]> byThread = new ArrayList<>();
        for (Results.RatePair p : r.rates()) {
            byThread.add(threadRow(p.scenario().label(), String.format(Locale.ROOT, "%,d/s", p.rate()), "gateway", p.gateway()));
            if (p.proxy() != null) {
                byThread.add(threadRow(p.scenario().label(), String.format(Locale.ROOT, "%,d/s", p.rate()), "reference proxy", p.proxy()));
            }
        }
        for (Results.MaxPair m : r.maxima()) {
            byThread.add(threadRow(m.scenario().label(), "closed loop", "gateway", m.gateway()));
            if (m.proxy() != null) {
                byThread.add(threadRow(m.scenario().label(), "closed loop", "reference proxy", m.proxy()));
            }
        }
        byThread.removeIf(java.util.Objects::isNull);
        if (!byThread.isEmpty()) {
            b.append("\n## CPU by thread\n\nThe process's CPU per answered request (µs) by kind of thread, from `/proc/<pid>/task/*/stat` "
                    + "before and after each stretch (10 ms ticks): carriers run the virtual threads (HTTP, handlers, upstream calls), "
                    + "pollers wake them when a socket is ready, the request log's writer stores the log, the VM thread runs the "
                    + "(serial) collections and safepoints. A thread that ended during a stretch is missing from it.\n\n");
            b.append("| Scenario | Load | Process | Total | ").append(String.join(" | ", ProcStats.THREAD_KINDS)).append(" |\n|---|---|---|---:|")
                    .append("---:|".repeat(ProcStats.THREAD_KINDS.size())).append('\n');
            byThread.forEach(row -> b.append("| ").append(String.join(" | ", row)).append(" |\n"));
        }
        if (!r.ceilings().isEmpty()) {
            b.append("\n## Fake upstream implementations (direct)\n\nClosed loop for the ceiling (this is the load generator's ceiling too, both in one JVM); an open-loop stream run for the first token.\n\n");
            b.append("| Server | Ceiling req/s | p50 / p99 ms | Harness CPU µs/req | Stream rate/s | First token p50 / p99 / p99.9 ms |\n|---|---:|---|---:|---:|---|\n");
            for (Results.Ceiling c : r.ceilings()) {
                b.append(String.format(Locale.ROOT, "| %s | %,.0f | %.3f / %.3f | %.0f | %,d | %s |%n", c.kind(), c.direct().throughput(), c.direct().latencyMs(50),
                        c.direct().latencyMs(99), c.direct().harnessCpuMicrosPerRequest(), c.streamRate(), three(c.stream()::ttftMs)));
            }
        }
        Results.Startup s = r.startup();
        b.append("\n## Start-up and memory\n\n");
        b.append(String.format(Locale.ROOT, "- Start-up to the first served chat request: %d ms on an empty data directory; restarts: %s ms (median %d ms)%n",
                s.firstStart().toMillis(), s.restarts().stream().map(d -> Long.toString(d.toMillis())).toList(), s.medianRestart().toMillis()));
        b.append("- The gateway's own 'started in' log line (from its main to listening, in the same order): ").append(s.reportedMillis()).append(" ms\n");
        Results.Memory m = r.memory();
        String underLoad = m.underLoadKb() < 0 ? "no non-streaming plain stretch measured"
                : String.format(Locale.ROOT, "%.0f MB peak at %,d req/s non-streaming", m.underLoadKb() / 1024.0, m.underLoadRate());
        b.append(String.format(Locale.ROOT, "- Resident memory (VmRSS): %.0f MB idle after start-up, %s, %.0f MB peak over the whole run, %.0f MB idle after the load%n",
                m.idleKb() / 1024.0, underLoad, m.peakKb() / 1024.0, m.idleAfterLoadKb() / 1024.0));
        b.append(String.format(Locale.ROOT, "- CPU at rest (after start-up, before any load): %.1f%% of one core%n", m.idleCpuPercent()));
        if (r.profile().isPresent()) {
            b.append("\n## Profile\n\nSee `gateway-profile.txt`").append(o.keepJfr() ? " (the recording is `gateway-profile.jfr`)" : "").append(".\n");
        }
        return b.toString();
    }

    /** A row of the CPU-by-thread table, or null when the stretch was not measured that way. */
    private static String[] threadRow(String scenario, String load, String process, Segment s) {
        if (s.gatewayThreadCpuNanos.isEmpty() || s.ok == 0) {
            return null;
        }
        List<String> row = new ArrayList<>(List.of(scenario, load, process, String.format(Locale.ROOT, "%.0f", s.gatewayCpuMicrosPerRequest())));
        ProcStats.THREAD_KINDS.forEach(k -> row.add(String.format(Locale.ROOT, "%.1f", s.threadCpuMicrosPerRequest(k))));
        return row.toArray(String[]::new);
    }

    private interface AtPercentile {
        double at(double p);
    }

    private static String three(AtPercentile f) {
        return String.format(Locale.ROOT, "%.3f / %.3f / %.3f", f.at(PCTS[0]), f.at(PCTS[1]), f.at(PCTS[2]));
    }

    private static Map<String, Object> json(Results r, String commandLine) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("command", commandLine);
        root.put("quick", r.options().quick());
        root.put("machine", r.machine());
        root.put("load_before", r.loadBefore());
        root.put("load_after", r.loadAfter());
        root.put("upstream", r.upstreamKind());
        root.put("gateway_launch", r.gatewayLaunch());
        root.put("warmup", r.warmup());
        List<Object> rates = new ArrayList<>();
        for (Results.RatePair p : r.rates()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("scenario", p.scenario().label());
            m.put("rate", p.rate());
            m.put("connections", p.connections());
            m.put("direct", segment(p.direct()));
            m.put("gateway", segment(p.gateway()));
            m.put("added_ms", Map.of("p50", p.added(50), "p99", p.added(99), "p99_9", p.added(99.9)));
            if (p.scenario().stream) {
                m.put("added_ttft_ms", Map.of("p50", p.addedTtft(50), "p99", p.addedTtft(99), "p99_9", p.addedTtft(99.9)));
            }
            if (p.proxy() != null) {
                m.put("reference_proxy", proxySegment(p.proxy()));
                m.put("reference_proxy_added_ms", Map.of("p50", p.proxyAdded(50), "p99", p.proxyAdded(99), "p99_9", p.proxyAdded(99.9)));
                if (p.scenario().stream) {
                    m.put("reference_proxy_added_ttft_ms", Map.of("p50", p.proxyAddedTtft(50), "p99", p.proxyAddedTtft(99), "p99_9", p.proxyAddedTtft(99.9)));
                }
            }
            rates.add(m);
        }
        root.put("rates", rates);
        List<Object> maxima = new ArrayList<>();
        for (Results.MaxPair p : r.maxima()) {
            Map<String, Object> m = new LinkedHashMap<>(Map.of("scenario", p.scenario().label(), "connections", p.connections(), "direct", segment(p.direct()),
                    "gateway", segment(p.gateway()), "ratio", p.ratio()));
            if (p.proxy() != null) {
                m.put("reference_proxy", proxySegment(p.proxy()));
                m.put("reference_proxy_ratio", p.proxyRatio());
            }
            maxima.add(m);
        }
        root.put("max_throughput", maxima);
        List<Object> ceilings = new ArrayList<>();
        for (Results.Ceiling c : r.ceilings()) {
            ceilings.add(Map.of("server", c.kind(), "direct", segment(c.direct()), "stream", segment(c.stream()), "stream_rate", c.streamRate()));
        }
        root.put("upstream_ceilings", ceilings);
        root.put("startup_ms", Map.of("first", r.startup().firstStart().toMillis(),
                "restarts", r.startup().restarts().stream().map(java.time.Duration::toMillis).toList(),
                "reported_by_gateway", r.startup().reportedMillis()));
        root.put("rss_kb", Map.of("idle", r.memory().idleKb(), "under_load", r.memory().underLoadKb(), "under_load_rate", r.memory().underLoadRate(),
                "idle_after_load", r.memory().idleAfterLoadKb(), "peak", r.memory().peakKb()));
        root.put("idle_cpu_percent_of_one_core", r.memory().idleCpuPercent());
        List<Object> verdicts = new ArrayList<>();
        for (Targets.Verdict v : Targets.judge(r)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", v.name());
            m.put("target", v.target());
            m.put("measured", v.measured());
            m.put("met", v.met().orElse(null));
            m.put("margin", v.margin());
            verdicts.add(m);
        }
        root.put("targets", verdicts);
        return root;
    }

    /** A reference-proxy segment: the process-under-test figures are the proxy's. */
    private static Map<String, Object> proxySegment(Segment s) {
        Map<String, Object> m = new LinkedHashMap<>();
        segment(s).forEach((k, v) -> m.put(k.startsWith("gateway_") ? "proxy_" + k.substring("gateway_".length()) : k, v));
        return m;
    }

    private static Map<String, Object> segment(Segment s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", s.ok);
        m.put("errors", s.errors);
        m.put("io_errors", s.ioErrors);
        m.put("unsent", s.unsent);
        m.put("statuses", s.statuses);
        m.put("fell_back", s.fellBack);
        m.put("throughput", s.throughput());
        m.put("latency_ms", percentiles(s::latencyMs, s.latency.getTotalCount()));
        if (s.ttft.getTotalCount() > 0) {
            m.put("ttft_ms", percentiles(s::ttftMs, s.ttft.getTotalCount()));
            m.put("incomplete_streams", s.incompleteStreams);
        }
        m.put("gateway_cpu_us_per_request", nanToNull(s.gatewayCpuMicrosPerRequest()));
        m.put("harness_cpu_us_per_request", nanToNull(s.harnessCpuMicrosPerRequest()));
        if (!s.gatewayThreadCpuNanos.isEmpty()) {
            Map<String, Object> byKind = new LinkedHashMap<>();
            s.gatewayThreadCpuNanos.keySet().forEach(k -> byKind.put(k, nanToNull(s.threadCpuMicrosPerRequest(k))));
            m.put("gateway_cpu_us_per_request_by_thread", byKind);
        }
        m.put("gateway_max_rss_kb", s.gatewayMaxRssKb);
        return m;
    }

    private static Map<String, Object> percentiles(AtPercentile f, long count) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", count);
        for (double p : new double[] {50, 90, 99, 99.9, 99.99, 100}) {
            m.put("p" + Targets.fmt(p).replace(".000", "").replace('.', '_'), nanToNull(f.at(p)));
        }
        return m;
    }

    private static Double nanToNull(double v) {
        return Double.isNaN(v) ? null : v;
    }
}
