package dev.tollfree.bench.quota;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The quota benchmark's command line, validated at once.
 *
 * @param duration      length of the steady phase
 * @param rate          offered load of the steady phase, requests per minute
 * @param overloadRate  offered load of the overload phase, requests per minute
 * @param overload      length of the overload phase
 * @param latency       how long a fake takes to answer a request it admits
 * @param gatewayJar    the built gateway jar; empty runs it from this JVM's class path
 */
record QuotaOptions(Duration duration, int rate, int overloadRate, Duration overload, Duration latency, List<QuotaScenario> scenarios,
                    Optional<Path> gatewayJar, Path out, boolean quick) {

    static final String USAGE = """
            usage: java -cp tollfree-bench/target/tollfree-bench.jar dev.tollfree.bench.quota.QuotaBench [options]
              --quick                 20 s of load, scenario known, gateway from the class path (what the test suite runs)
              --duration D            steady phase, e.g. 3m (default 3m)
              --rate N                steady offered load in requests per minute (default 60)
              --overload-rate N       offered load of the overload phase, requests per minute (default 160)
              --overload-duration D   overload phase (default 1m)
              --latency D             how long a fake takes to answer (default 300ms)
              --scenarios LIST        known,learn,shared (default all three; shared needs Redis)
              --gateway-jar FILE      default tollfree-app/target/tollfree.jar; 'classpath' runs the gateway from this JVM's class path
              --out DIR               default tollfree-bench/target/quota-bench
            """;

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)");

    static QuotaOptions parse(String[] args) {
        boolean quick = List.of(args).contains("--quick");
        Duration duration = quick ? Duration.ofSeconds(10) : Duration.ofMinutes(3);
        int rate = quick ? 120 : 60;
        int overloadRate = quick ? 480 : 160;
        Duration overload = quick ? Duration.ofSeconds(10) : Duration.ofMinutes(1);
        Duration latency = quick ? Duration.ofMillis(100) : Duration.ofMillis(300);
        List<QuotaScenario> scenarios = quick ? List.of(QuotaScenario.KNOWN) : List.of(QuotaScenario.values());
        Optional<Path> jar = quick ? Optional.empty() : Optional.of(Path.of("tollfree-app/target/tollfree.jar"));
        Path out = Path.of("tollfree-bench/target/quota-bench");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--quick" -> { }
                case "--duration" -> duration = duration(value(args, ++i, a), a);
                case "--rate" -> rate = positive(value(args, ++i, a), a);
                case "--overload-rate" -> overloadRate = positive(value(args, ++i, a), a);
                case "--overload-duration" -> overload = duration(value(args, ++i, a), a);
                case "--latency" -> latency = duration(value(args, ++i, a), a);
                case "--scenarios" -> scenarios = QuotaScenario.parseList(value(args, ++i, a));
                case "--gateway-jar" -> {
                    String v = value(args, ++i, a);
                    jar = v.equals("classpath") ? Optional.empty() : Optional.of(Path.of(v));
                }
                case "--out" -> out = Path.of(value(args, ++i, a));
                default -> throw new IllegalArgumentException("unknown option '" + a + "'\n" + USAGE);
            }
        }
        if (scenarios.isEmpty()) {
            throw new IllegalArgumentException("--scenarios names no scenario; expected known, learn or shared");
        }
        return new QuotaOptions(duration, rate, overloadRate, overload, latency, scenarios, jar, out, quick);
    }

    List<Workload.Phase> phases() {
        return List.of(new Workload.Phase("steady", rate, duration), new Workload.Phase("overload", overloadRate, overload));
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

    private static Duration duration(String v, String option) {
        Matcher m = DURATION.matcher(v.strip());
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new IllegalArgumentException(option + " must be a positive whole number with a unit ms, s or m, such as 500ms, 90s or 3m; got '" + v + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            default -> Duration.ofMinutes(n);
        };
    }
}
