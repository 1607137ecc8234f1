package dev.tollfree.bench;

import java.time.Duration;

/**
 * {@code upstream [--kind raw|jdk|helidon] [--latency D] [--chunks N] [--gap D] [--for D]}: the fake
 * upstream alone on 127.0.0.1 (a free port, printed), stopping by itself after {@code --for}
 * (default 60s, at most 1h), to compare other gateways against the same upstream.
 */
final class StandaloneUpstream {
    private StandaloneUpstream() {}

    static void run(String[] args) {
        Upstream.Kind kind = Upstream.Kind.RAW;
        Duration latency = Duration.ZERO;
        int chunks = 20;
        Duration gap = Duration.ofMillis(1);
        Duration life = Duration.ofSeconds(60);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[++i] : "";
            switch (a) {
                case "--kind" -> kind = Upstream.Kind.parse(v);
                case "--latency" -> latency = Durations.parseAllowZero(v, a);
                case "--chunks" -> chunks = Integer.parseInt(v);
                case "--gap" -> gap = Durations.parseAllowZero(v, a);
                case "--for" -> life = Durations.parse(v, a);
                default -> throw new IllegalArgumentException("unknown option '" + a + "'; expected --kind, --latency, --chunks, --gap or --for");
            }
        }
        if (life.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("--for is at most 1h");
        }
        try (Upstream u = Upstream.start(kind, new UpstreamProfile(latency, chunks, gap))) {
            System.out.println("fake upstream (" + u.kind() + ") on http://127.0.0.1:" + u.port() + "/v1 for " + life.toSeconds()
                    + " s; prefixes /delay-<ms>, /fail-429, /fail-503 before /v1 change its answer");
            GatewayProcess.sleepMillis(life.toMillis());
        }
    }
}
