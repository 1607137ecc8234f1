package dev.tollfree.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The harness's command line, validated at once.
 *
 * @param scenarios     which scenarios to run, in order
 * @param rates         open-loop rates in requests/s
 * @param duration      measured time per rate and side (split over the rounds)
 * @param rounds        direct/gateway alternations per rate, so drift on a noisy machine hits both sides
 * @param warmup        unmeasured load on both sides before each scenario
 * @param connections   open-loop connections per side
 * @param maxConnections closed-loop connections for the maximum-throughput runs
 * @param maxDuration   measured time per side of a maximum-throughput run
 * @param upstream      which server plays the fake
 * @param compareUpstreams measure every fake implementation's direct ceiling first
 * @param profile       record JFR on the gateway during one extra stretch at the profile rate
 * @param profileRate   rate of that stretch
 * @param profileStream profile streamed answers instead of whole ones
 * @param keepJfr       keep the recording next to the report (it is several MB; by default only its summary stays)
 * @param chunks        content chunks per streamed answer
 * @param gap           pause between streamed events
 * @param slowLatency   upstream latency of the {@code slow} scenario
 * @param startups      start-up measurements (the first on an empty data directory)
 * @param gatewayJar    the built gateway jar; empty runs it from this JVM's classpath
 * @param out           where results go
 * @param referenceProxy measure the plain and stream scenarios through {@link ReferenceProxy} as well
 * @param keepGatewayData copy the load-test gateway's data directory (its SQLite request log) and log into {@code out}
 */
record Options(List<Scenario> scenarios, List<Integer> rates, Duration duration, int rounds, Duration warmup, int connections,
               int maxConnections, Duration maxDuration, Upstream.Kind upstream, boolean compareUpstreams, boolean profile,
               int profileRate, boolean profileStream, boolean keepJfr, int chunks, Duration gap, Duration slowLatency, int startups, Optional<Path> gatewayJar, Path out,
               boolean quick, boolean referenceProxy, boolean keepGatewayData) {

    static final String USAGE = """
            usage: java -jar tollfree-bench.jar [options]        load benchmark (gateway process vs direct)
                   java -jar tollfree-bench.jar jmh [JMH options] micro-benchmarks (org.openjdk.jmh.Main)
                   java -jar tollfree-bench.jar upstream [--for 60s] the fake upstream alone
                   java -jar tollfree-bench.jar jfr-summary FILE     summary of a JFR recording
              --quick                 a few seconds per scenario at 200 requests/s (what the test suite runs)
              --scenarios LIST        plain,failover,slow,stream (default: all, in this order)
              --rates LIST            open-loop rates in requests/s (default 500,1000,2000)
              --duration D            measured time per rate and side, e.g. 20s (default 20s)
              --rounds N              direct/gateway alternations per rate (default 2)
              --warmup D              unmeasured load per scenario and side before measuring (default 15s)
              --connections N         open-loop connections per side (default 64; slow: enough for its latency)
              --max-connections N     closed-loop connections (default 32)
              --max-duration D        closed-loop time per side (default 10s)
              --upstream KIND         raw, jdk, helidon or helidon-default (TCP_NODELAY off) (default raw)
              --compare-upstreams     first measure each fake upstream's direct ceiling
              --profile               record JFR on the gateway at --profile-rate and summarise it
              --profile-rate N        default 1000
              --profile-stream        profile the stream scenario's requests instead of the plain one's
              --keep-jfr              keep gateway-profile.jfr in --out (default: only its summary)
              --chunks N --gap D      streamed answer: chunks and pause between events (default 20, 1ms)
              --slow-latency D        upstream latency of the slow scenario (default 50ms)
              --startups N            start-up measurements (default 5)
              --reference-proxy       plain and stream also through a proxy that only relays HTTP (the topology's own cost)
              --keep-gateway-data     copy the load-test gateway's data (its request log: each request's own latency
                                      and attempts) to --out/gateway-data, and its log to --out/gateway.log
              --gateway-jar FILE      default tollfree-app/target/tollfree.jar; 'classpath' runs it from this JVM's classpath
              --out DIR               default docs/benchmarks/latest
            """;

    static Options parse(String[] args) {
        boolean quick = List.of(args).contains("--quick");
        List<Scenario> scenarios = List.of(Scenario.values());
        List<Integer> rates = quick ? List.of(200) : List.of(500, 1000, 2000);
        Duration duration = quick ? Duration.ofMillis(1500) : Duration.ofSeconds(20);
        int rounds = quick ? 1 : 2;
        Duration warmup = quick ? Duration.ofMillis(300) : Duration.ofSeconds(15);
        int connections = quick ? 8 : 64;
        int maxConnections = quick ? 8 : 32;
        Duration maxDuration = quick ? Duration.ofSeconds(1) : Duration.ofSeconds(10);
        Upstream.Kind upstream = Upstream.Kind.RAW;
        boolean compare = false;
        boolean profile = false;
        boolean keepJfr = false;
        boolean profileStream = false;
        boolean reference = false;
        boolean keepData = false;
        int profileRate = quick ? 200 : 1000;
        int chunks = quick ? 5 : 20;
        Duration gap = Duration.ofMillis(1);
        Duration slow = Duration.ofMillis(50);
        int startups = quick ? 1 : 5;
        Optional<Path> jar = quick ? Optional.empty() : Optional.of(Path.of("tollfree-app/target/tollfree.jar"));
        Path out = Path.of("docs/benchmarks/latest");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--quick" -> { }
                case "--compare-upstreams" -> compare = true;
                case "--profile" -> profile = true;
                case "--keep-jfr" -> keepJfr = true;
                case "--reference-proxy" -> reference = true;
                case "--keep-gateway-data" -> keepData = true;
                case "--profile-stream" -> {
                    profile = true;
                    profileStream = true;
                }
                case "--scenarios" -> scenarios = Scenario.parseList(value(args, ++i, a));
                case "--rates" -> rates = ints(value(args, ++i, a), a);
                case "--duration" -> duration = Durations.parse(value(args, ++i, a), a);
                case "--rounds" -> rounds = positive(value(args, ++i, a), a);
                case "--warmup" -> warmup = Durations.parseAllowZero(value(args, ++i, a), a);
                case "--connections" -> connections = positive(value(args, ++i, a), a);
                case "--max-connections" -> maxConnections = positive(value(args, ++i, a), a);
                case "--max-duration" -> maxDuration = Durations.parse(value(args, ++i, a), a);
                case "--upstream" -> upstream = Upstream.Kind.parse(value(args, ++i, a));
                case "--profile-rate" -> profileRate = positive(value(args, ++i, a), a);
                case "--chunks" -> chunks = positive(value(args, ++i, a), a);
                case "--gap" -> gap = Durations.parseAllowZero(value(args, ++i, a), a);
                case "--slow-latency" -> slow = Durations.parse(value(args, ++i, a), a);
                case "--startups" -> startups = positive(value(args, ++i, a), a);
                case "--gateway-jar" -> {
                    String v = value(args, ++i, a);
                    jar = v.equals("classpath") ? Optional.empty() : Optional.of(Path.of(v));
                }
                case "--out" -> out = Path.of(value(args, ++i, a));
                default -> throw new IllegalArgumentException("unknown option '" + a + "'\n" + USAGE);
            }
        }
        return new Options(scenarios, rates, duration, rounds, warmup, connections, maxConnections, maxDuration, upstream, compare,
                profile, profileRate, profileStream, keepJfr, chunks, gap, slow, startups, jar, out, quick, reference, keepData);
    }

    /** Open-loop connections for a scenario: enough to keep the rate with the upstream's latency, twice over. */
    int connectionsFor(Scenario s, int rate) {
        if (s == Scenario.SLOW) {
            return Math.max(connections, (int) (rate * slowLatency.toMillis() / 1000.0 * 2) + 16);
        }
        return connections;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return args[i];
    }

    private static int positive(String v, String option) {
        try {
            int n = Integer.parseInt(v.strip());
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a whole number of at least 1, got '" + v + "'");
        }
    }

    private static List<Integer> ints(String v, String option) {
        List<Integer> out = new ArrayList<>();
        for (String part : v.split(",")) {
            out.add(positive(part.replace("_", ""), option));
        }
        return List.copyOf(out);
    }
}
