package dev.tollfree.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** Runs the scenarios of one invocation: upstream, gateway process, then each scenario side by side. */
final class Runner {
    private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final Options o;
    private final Path java;
    private final Path work;
    private final java.io.PrintStream console;

    Runner(Options o, Path work, java.io.PrintStream console) {
        this.o = o;
        this.work = work;
        this.console = console;
        this.java = ProcessHandle.current().info().command().map(Path::of)
                .orElseThrow(() -> new IllegalStateException("cannot tell which java binary runs this JVM"));
    }

    Results run() {
        long t0 = System.nanoTime();
        double loadBefore = ProcStats.loadAverage();
        List<Results.Ceiling> ceilings = o.compareUpstreams() ? ceilings() : List.of();
        UpstreamProfile profile = new UpstreamProfile(Duration.ZERO, o.chunks(), o.gap());
        GatewayProcess.Launch launch = launch();
        try (Upstream upstream = Upstream.start(o.upstream(), profile)) {
            Results.Startup startup = startups(launch, upstream.port());
            Path dir = work.resolve("gateway");
            Path config = GatewayConfigFile.write(dir, upstream.port(), (int) o.slowLatency().toMillis(), REQUEST_LOG, "warn");
            try (GatewayProcess gw = GatewayProcess.start(launch, config, GatewayProcess.newKey(), List.of(), work.resolve("gateway.log"));
                 ReferenceProxy proxy = o.referenceProxy() ? ReferenceProxy.start(java, GatewayProcess.Launch.launcherFlags(), upstream.port(), work.resolve("proxy.log")) : null) {
                say("gateway pid " + gw.pid() + " on port " + gw.port() + " served its first request after " + gw.startup().toMillis() + " ms");
                if (proxy != null) {
                    say("reference proxy pid " + proxy.pid() + " on port " + proxy.port() + " (relays HTTP to the fake, nothing else)");
                }
                GatewayProcess.sleepMillis(o.quick() ? 200 : 3000);
                long idleKb = gw.rssKb();
                say("gateway memory at rest: " + ProcStats.rssBreakdown(gw.pid()));
                Duration idleWindow = o.quick() ? Duration.ofMillis(500) : Duration.ofSeconds(10);
                long c0 = gw.cpuNanos();
                GatewayProcess.sleepMillis(idleWindow.toMillis());
                double idleCpu = 100.0 * (gw.cpuNanos() - c0) / idleWindow.toNanos();
                say(String.format("gateway at rest: %.0f MB resident, %.1f%% of one core", idleKb / 1024.0, idleCpu));
                String warmup = warmUp(upstream, gw, proxy);
                List<Results.RatePair> pairs = new ArrayList<>();
                List<Results.MaxPair> maxima = new ArrayList<>();
                Optional<String> jfr = Optional.empty();
                for (Scenario s : o.scenarios()) {
                    scenario(s, upstream, gw, relayed(s) ? proxy : null, pairs, maxima);
                    if (s == (o.profileStream() ? Scenario.STREAM : Scenario.PLAIN) && o.profile()) {
                        jfr = Optional.of(profile(gw)); // right after its own scenario, before streams grow the heap
                    }
                }
                if (o.profile() && jfr.isEmpty()) {
                    jfr = Optional.of(profile(gw));
                }
                GatewayProcess.sleepMillis(o.quick() ? 200 : 5000);
                long idleAfter = gw.rssKb();
                Results.Memory memory = memory(pairs, idleKb, idleAfter, idleCpu);
                return new Results(o, Machine.describe(), loadBefore, ProcStats.loadAverage(), upstream.kind(),
                        launch.description() + (REQUEST_LOG ? "" : ", request log off (-Dtollfree.bench.requestLog=false)"), warmup,
                        ceilings, pairs, maxima, startup, memory, jfr, Duration.ofNanos(System.nanoTime() - t0));
            }
        }
    }

    private GatewayProcess.Launch launch() {
        if (o.gatewayJar().isEmpty()) {
            return GatewayProcess.Launch.classpath(java);
        }
        Path jar = o.gatewayJar().get().toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("no gateway jar at " + jar + "; build it with ./tollfree build, or pass --gateway-jar classpath");
        }
        return GatewayProcess.Launch.jar(java, jar);
    }

    private List<Results.Ceiling> ceilings() {
        List<Results.Ceiling> out = new ArrayList<>();
        for (Upstream.Kind kind : Upstream.Kind.values()) {
            try (Upstream u = Upstream.start(kind, new UpstreamProfile(Duration.ZERO, o.chunks(), o.gap()))) {
                LoadGenerator.Target t = new LoadGenerator.Target("direct-" + kind.label(), u.port(),
                        HttpConn.post(u.port(), "/v1/chat/completions", "", WireBodies.request(WireBodies.MODEL, false)));
                LoadGenerator.closedLoop(t, o.maxConnections(), o.warmup());
                Segment s = measured(() -> LoadGenerator.closedLoop(t, o.maxConnections(), o.maxDuration()), null);
                LoadGenerator.Target st = new LoadGenerator.Target("direct-stream-" + kind.label(), u.port(),
                        HttpConn.post(u.port(), "/v1/chat/completions", "", WireBodies.request(WireBodies.MODEL, true)));
                int rate = o.rates().getFirst();
                Segment ss = measured(() -> LoadGenerator.openLoop(st, rate, o.maxDuration(), o.connections()), null);
                say(String.format("fake upstream %-15s direct ceiling %,.0f requests/s (p50 %.2f ms); streams at %,d/s: first token p50 %.2f ms, p99 %.2f ms",
                        kind.label(), s.throughput(), s.latencyMs(50), rate, ss.ttftMs(50), ss.ttftMs(99)));
                out.add(new Results.Ceiling(kind.label(), s, ss, rate));
            }
        }
        return out;
    }

    private Results.Startup startups(GatewayProcess.Launch launch, int upstreamPort) {
        Path dir = work.resolve("startup");
        Path config = GatewayConfigFile.write(dir, upstreamPort, (int) o.slowLatency().toMillis(), true, "info");
        String key = GatewayProcess.newKey();
        Duration first = null;
        long firstRss = -1;
        List<Duration> restarts = new ArrayList<>();
        List<Long> reported = new ArrayList<>();
        for (int i = 0; i < o.startups(); i++) {
            try (GatewayProcess gw = GatewayProcess.start(launch, config, key, List.of(), work.resolve("startup.log"))) {
                if (i == 0) {
                    first = gw.startup();
                    firstRss = gw.rssKb();
                } else {
                    restarts.add(gw.startup());
                }
                long own = StartupLog.lastStartedMillis(gw.log());
                reported.add(own);
                say("start-up " + (i + 1) + "/" + o.startups() + ": first request served after " + gw.startup().toMillis() + " ms"
                        + (own >= 0 ? " (the gateway reports 'started in " + own + " ms')" : "") + (i == 0 ? ", empty data directory" : ""));
            }
        }
        return new Results.Startup(first, restarts, firstRss, reported);
    }

    private LoadGenerator.Target direct(Scenario s, Upstream upstream) {
        return new LoadGenerator.Target("direct", upstream.port(),
                HttpConn.post(upstream.port(), s.directPath(o), "", WireBodies.request(WireBodies.MODEL, s.stream)));
    }

    /** The scenarios measured through the reference proxy too: the others differ from these only in what the gateway does. */
    private static boolean relayed(Scenario s) {
        return s == Scenario.PLAIN || s == Scenario.STREAM;
    }

    /** The direct side's request, sent to the reference proxy. */
    private LoadGenerator.Target throughProxy(Scenario s, ReferenceProxy proxy) {
        return new LoadGenerator.Target("proxy", proxy.port(),
                HttpConn.post(proxy.port(), s.directPath(o), "", WireBodies.request(WireBodies.MODEL, s.stream)));
    }

    private static LoadGenerator.Target gateway(Scenario s, GatewayProcess gw) {
        return new LoadGenerator.Target("gateway", gw.port(),
                HttpConn.post(gw.port(), "/v1/chat/completions", gw.apiKey(), WireBodies.request(s.gatewayModel(), s.stream)));
    }

    /** Unmeasured load through every scenario first, so the gateway's JIT has settled before anything is measured. */
    /**
     * Unmeasured load on both sides, then more on the gateway until its JIT compilers have gone
     * quiet: while C2 still compiles it takes up to half a core of a two-core machine, which a
     * measured stretch would count as the gateway's cost and its latency tail.
     */
    private String warmUp(Upstream upstream, GatewayProcess gw, ReferenceProxy proxy) {
        if (o.warmup().isZero()) {
            return "none";
        }
        int rate = o.rates().getFirst();
        say("warming up: " + o.warmup().toSeconds() + " s per scenario at " + rate + " req/s on each side");
        for (Scenario s : o.scenarios()) {
            LoadGenerator.openLoop(direct(s, upstream), rate, o.warmup(), o.connectionsFor(s, rate));
            LoadGenerator.openLoop(gateway(s, gw), rate, o.warmup(), o.connectionsFor(s, rate));
            if (proxy != null && relayed(s)) {
                LoadGenerator.openLoop(throughProxy(s, proxy), rate, o.warmup(), o.connectionsFor(s, rate));
            }
        }
        String done = String.format("%d s per scenario at %,d req/s on each side", o.warmup().toSeconds(), rate);
        if (o.quick() || gw.compilerCpuNanos() < 0) {
            return done;
        }
        Duration window = Duration.ofSeconds(2);
        Duration limit = Duration.ofSeconds(90);
        Duration extra = Duration.ZERO;
        double share = 1;
        while (share >= QUIET_COMPILER && extra.compareTo(limit) < 0) {
            // a round over every scenario, so that each one's paths are compiled before it is measured
            long c0 = gw.compilerCpuNanos();
            long t0 = System.nanoTime();
            for (Scenario s : o.scenarios()) {
                LoadGenerator.openLoop(gateway(s, gw), rate, window, o.connectionsFor(s, rate));
            }
            share = (double) (gw.compilerCpuNanos() - c0) / (System.nanoTime() - t0);
            extra = extra.plus(window.multipliedBy(o.scenarios().size()));
        }
        String more = String.format(", then %d s more on the gateway until its JIT compilers used %.0f%% of a core (%s)",
                extra.toSeconds(), share * 100, share < QUIET_COMPILER ? "quiet" : "still compiling at the limit");
        say("warm-up continued" + more.substring(", then".length()));
        return done + more;
    }

    /** The load-test gateway's request log; {@code -Dtollfree.bench.requestLog=false} on the harness measures it off. */
    private static final boolean REQUEST_LOG = !"false".equals(System.getProperty("tollfree.bench.requestLog"));

    /** Compiler CPU below which the gateway counts as warmed up: 5% of one core. */
    private static final double QUIET_COMPILER = 0.05;

    /** One scenario at each rate and at its maximum: direct, the gateway, and the reference proxy when given, alternating. */
    private void scenario(Scenario s, Upstream upstream, GatewayProcess gw, ReferenceProxy proxy, List<Results.RatePair> pairs, List<Results.MaxPair> maxima) {
        say("scenario " + s.label() + ": " + s.description);
        LoadGenerator.Target direct = direct(s, upstream);
        LoadGenerator.Target gateway = gateway(s, gw);
        LoadGenerator.Target via = proxy == null ? null : throughProxy(s, proxy);
        Duration slice = o.duration().dividedBy(o.rounds());
        for (int rate : o.rates()) {
            int conns = o.connectionsFor(s, rate);
            Segment d = new Segment();
            Segment g = new Segment();
            Segment x = proxy == null ? null : new Segment();
            for (int r = 0; r < o.rounds(); r++) {
                d.add(measured(() -> LoadGenerator.openLoop(direct, rate, slice, conns), null));
                g.add(measured(() -> LoadGenerator.openLoop(gateway, rate, slice, conns), gw));
                if (proxy != null) {
                    x.add(measured(() -> LoadGenerator.openLoop(via, rate, slice, conns), proxy.pid()));
                }
            }
            Results.RatePair p = new Results.RatePair(s, rate, conns, d, g, x);
            pairs.add(p);
            say(String.format("  %,6d req/s  direct p50 %.3f p99 %.3f p99.9 %.3f ms | gateway p50 %.3f p99 %.3f p99.9 %.3f ms | added p99 %.3f ms%s",
                    rate, d.latencyMs(50), d.latencyMs(99), d.latencyMs(99.9), g.latencyMs(50), g.latencyMs(99), g.latencyMs(99.9), p.added(99),
                    s.stream ? String.format(" | added TTFT p50 %.3f ms", p.addedTtft(50)) : "")
                    + String.format(" | gateway CPU %.0f µs/req, errors %d/%d", g.gatewayCpuMicrosPerRequest(), d.errors + d.ioErrors, g.errors + g.ioErrors));
            if (x != null) {
                say(String.format("            reference proxy p50 %.3f p99 %.3f p99.9 %.3f ms | added p99 %.3f ms%s | proxy CPU %.0f µs/req, errors %d",
                        x.latencyMs(50), x.latencyMs(99), x.latencyMs(99.9), p.proxyAdded(99),
                        s.stream ? String.format(" | added TTFT p50 %.3f ms", p.proxyAddedTtft(50)) : "", x.gatewayCpuMicrosPerRequest(), x.errors + x.ioErrors));
            }
        }
        if (s == Scenario.SLOW) {
            return; // a closed loop against a 50 ms upstream measures the connection count, not the gateway
        }
        // a stream lasts its chunks times the gap, so streams need more connections to find the server's limit
        int conns = s.stream ? o.maxConnections() * 4 : o.maxConnections();
        Segment dm = measured(() -> LoadGenerator.closedLoop(direct, conns, o.maxDuration()), null);
        Segment gm = measured(() -> LoadGenerator.closedLoop(gateway, conns, o.maxDuration()), gw);
        Segment xm = proxy == null ? null : measured(() -> LoadGenerator.closedLoop(via, conns, o.maxDuration()), proxy.pid());
        Results.MaxPair m = new Results.MaxPair(s, conns, dm, gm, xm);
        maxima.add(m);
        say(String.format("  max throughput: direct %,.0f req/s, gateway %,.0f req/s (%.0f%%), gateway CPU %.0f µs/req",
                dm.throughput(), gm.throughput(), m.ratio() * 100, gm.gatewayCpuMicrosPerRequest())
                + (xm == null ? "" : String.format("; reference proxy %,.0f req/s (%.0f%%), proxy CPU %.0f µs/req",
                        xm.throughput(), m.proxyRatio() * 100, xm.gatewayCpuMicrosPerRequest())));
    }

    /** Runs a load stretch, adding the CPU used by the gateway (when given) and by this JVM, and the gateway's peak RSS. */
    static Segment measured(Supplier<Segment> load, GatewayProcess gw) {
        return measured(load, gw == null ? -1 : gw.pid());
    }

    /** The same for any process under test ({@code pid} -1: none). */
    static Segment measured(Supplier<Segment> load, long pid) {
        long h0 = OS.getProcessCpuTime();
        long g0 = pid < 0 ? -1 : ProcStats.cpuNanos(pid);
        Map<Long, ProcStats.ThreadCpu> t0 = pid < 0 ? Map.of() : ProcStats.threadCpu(pid);
        AtomicLong peak = new AtomicLong(-1);
        Thread sampler = pid < 0 ? null : Thread.ofPlatform().daemon().name("rss-sampler").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(ProcStats.rssKb(pid), Math::max);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        Segment s = load.get();
        if (sampler != null) {
            sampler.interrupt();
            peak.accumulateAndGet(ProcStats.rssKb(pid), Math::max);
            s.gatewayCpuNanos = g0 < 0 ? -1 : ProcStats.cpuNanos(pid) - g0;
            s.gatewayMaxRssKb = peak.get();
            s.gatewayThreadCpuNanos.putAll(ProcStats.cpuByKind(t0, ProcStats.threadCpu(pid)));
        }
        s.harnessCpuNanos = OS.getProcessCpuTime() - h0;
        return s;
    }

    private String profile(GatewayProcess gw) {
        Path jfr = (o.keepJfr() ? o.out() : work).toAbsolutePath().resolve("gateway-profile.jfr");
        try {
            Files.createDirectories(jfr.getParent());
            Files.deleteIfExists(jfr);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LoadGenerator.Target gateway = new LoadGenerator.Target("gateway", gw.port(),
                HttpConn.post(gw.port(), "/v1/chat/completions", gw.apiKey(), WireBodies.request(GatewayConfigFile.SOLO, o.profileStream())));
        Duration d = o.quick() ? Duration.ofSeconds(1) : Duration.ofSeconds(20);
        say("profiling the gateway with JFR at " + o.profileRate() + " req/s for " + d.toSeconds() + " s");
        // one sample a millisecond: the default 10-20 ms leaves too few samples at these rates to rank anything
        gw.jcmd(java, "JFR.start", "name=bench", "settings=profile", "jdk.ExecutionSample#period=1ms");
        Segment s = measured(() -> LoadGenerator.openLoop(gateway, o.profileRate(), d, o.connections()), gw);
        gw.jcmd(java, "JFR.stop", "name=bench", "filename=" + jfr);
        StringBuilder byThread = new StringBuilder();
        s.gatewayThreadCpuNanos.keySet().forEach(k -> byThread.append(byThread.isEmpty() ? "" : ", ")
                .append(String.format("%s %.1f", k, s.threadCpuMicrosPerRequest(k))));
        String header = String.format("JFR 'profile' settings with 1 ms execution samples, %s scenario at %,d req/s for %d s: %,d requests, gateway CPU %.0f µs/req, p50 %.3f ms, p99 %.3f ms%n%s%n",
                o.profileStream() ? "stream" : "plain", o.profileRate(), d.toSeconds(), s.ok, s.gatewayCpuMicrosPerRequest(), s.latencyMs(50), s.latencyMs(99),
                byThread.isEmpty() ? "" : "CPU by thread, µs/req: " + byThread + "\n");
        return header + JfrSummary.summarize(jfr, s.ok);
    }

    private static Results.Memory memory(List<Results.RatePair> pairs, long idleKb, long idleAfter, double idleCpu) {
        Results.RatePair best = null;
        long peak = -1;
        for (Results.RatePair p : pairs) {
            peak = Math.max(peak, p.gateway().gatewayMaxRssKb);
            if (p.scenario() == Scenario.PLAIN && (best == null || Math.abs(p.rate() - 1000) < Math.abs(best.rate() - 1000))) {
                best = p;
            }
        }
        return new Results.Memory(idleKb, best == null ? -1 : best.gateway().gatewayMaxRssKb, best == null ? 0 : best.rate(), idleAfter, peak, idleCpu);
    }

    private void say(String line) {
        console.println(line);
        console.flush();
    }
}
