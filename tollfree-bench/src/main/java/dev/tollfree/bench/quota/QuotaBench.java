package dev.tollfree.bench.quota;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The quota benchmark: fake providers on 127.0.0.1 that enforce free-tier limits from the catalog,
 * the real gateway as a separate process, and an open-loop workload larger than any one provider
 * can take, then larger than all of them. It reports how many servable requests were served, the
 * share of upstream attempts that got a 429, and the mean rank of the model that served; see
 * docs/quota-benchmark.md.
 */
public final class QuotaBench {
    private QuotaBench() {}

    /** The results and the files written. */
    record Outcome(List<ScenarioResult> results, List<Path> files) {}

    public static void main(String[] args) {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.print(QuotaOptions.USAGE);
            return;
        }
        QuotaOptions o;
        try {
            o = QuotaOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
            return;
        }
        Outcome outcome = run(o, "java -cp tollfree-bench/target/tollfree-bench.jar dev.tollfree.bench.quota.QuotaBench " + String.join(" ", args),
                System.out);
        try {
            System.out.println();
            System.out.print(Files.readString(outcome.files().getFirst()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println("\nwritten to " + o.out().toAbsolutePath());
    }

    /** Runs every scenario of {@code o}, each with fresh fakes and a fresh gateway, and writes the report. */
    static Outcome run(QuotaOptions o, String commandLine, PrintStream console) {
        Path work;
        try {
            work = Files.createTempDirectory("tollfree-quota-bench-");
            Files.createDirectories(o.out());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            List<ScenarioResult> results = new ArrayList<>();
            for (QuotaScenario s : o.scenarios()) {
                scenario(s, o, work, console).ifPresent(results::add);
            }
            return new Outcome(List.copyOf(results), QuotaReport.write(results, o, commandLine));
        } finally {
            deleteTree(work);
        }
    }

    /** The Redis the {@code shared} scenario's gateways share: {@code TOLLFREE_BENCH_REDIS_URL}, or the local one. */
    static final String REDIS_URL = System.getenv().getOrDefault("TOLLFREE_BENCH_REDIS_URL", "redis://127.0.0.1:6379");

    private static java.util.Optional<ScenarioResult> scenario(QuotaScenario s, QuotaOptions o, Path work, PrintStream console) {
        InstantSource clock = InstantSource.system();
        List<Workload.Phase> phases = o.phases();
        List<Workload.Planned> plan = Workload.plan(phases);
        java.util.Optional<String[]> redis = java.util.Optional.empty();
        if (s.gateways() > 1) {
            if (!SharedRedisCheck.reachable(REDIS_URL)) {
                console.printf("scenario %s: skipped, Redis does not answer at %s (set TOLLFREE_BENCH_REDIS_URL)%n", s.id(), REDIS_URL);
                return java.util.Optional.empty();
            }
            redis = java.util.Optional.of(new String[] {REDIS_URL, "tollfree-quota-bench-" + Long.toHexString(System.nanoTime())});
        }
        console.printf("scenario %s: %s%n  %d requests: %s%n", s.id(), s.description(), plan.size(),
                String.join(", ", phases.stream().map(p -> p.name() + " " + (int) p.perMinute() + "/min for " + p.length().toSeconds() + " s").toList()));
        List<FakeProvider> fakes = new ArrayList<>();
        List<GatewayLauncher> gateways = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        try (FakeProvider warmup = Warmup.start(o.latency(), clock); HttpClient http = HttpClient.newHttpClient()) {
            for (FakeSpec spec : FakeSpec.lineup()) {
                fakes.add(FakeProvider.start(spec, o.latency(), clock));
            }
            List<OpenLoad.Target> targets = new ArrayList<>();
            for (int g = 0; g < s.gateways(); g++) {
                String name = s.gateways() == 1 ? s.id() : s.id() + "-" + (g + 1);
                Path config = GatewayYaml.write(work.resolve(name), s, fakes, warmup, redis);
                Path log = work.resolve("gateway-" + name + ".log");
                logs.add(log);
                GatewayLauncher gw = GatewayLauncher.start(o.gatewayJar(), config, log);
                gateways.add(gw);
                console.printf("  gateway %d ready on port %d; warming it up%n", g + 1, gw.port());
                Warmup.run(gw, http);
                targets.add(new OpenLoad.Target(gw.port(), gw.key()));
            }
            console.printf("  %d warm-up requests served, warm-up model disabled; sending%n", warmup.seen().size());
            long start = clock.millis();
            List<OpenLoad.Call> calls = OpenLoad.run(targets, plan, clock);
            long runMillis = clock.millis() - start;
            ScenarioResult r = Analysis.of(s, phases, plan, calls, fakes, start, runMillis, gateways.getFirst().quotaStatus(http));
            console.printf("  served %d of %d servable, %d upstream 429s in %d attempts%n", r.total().served(), r.total().servable(),
                    r.total().upstream429(), r.total().upstreamAttempts());
            return java.util.Optional.of(r);
        } finally {
            gateways.forEach(GatewayLauncher::close);
            fakes.forEach(FakeProvider::close);
            logs.forEach(log -> keep(log, o.out()));
            redis.ifPresent(r -> SharedRedisCheck.wipe(r[0], r[1]));
        }
    }

    private static void keep(Path log, Path out) {
        try {
            if (Files.exists(log)) {
                Files.copy(log, out.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // the log is a convenience
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
