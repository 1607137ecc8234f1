package dev.tollfree.bench.quota;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The gateway's config for one scenario: the keyless built-ins off, each fake a custom provider
 * with its rank and the limits the scenario tells, the warm-up fake without limits, and
 * {@code auto} ordered by rank alone.
 */
final class GatewayYaml {
    private GatewayYaml() {}

    /**
     * The config with {@code fakes} as told by {@code scenario}, and {@code warmup} (no limits) for
     * {@link Warmup}; with {@code redis} (URL and key prefix), shared with the other gateways.
     */
    static Path write(Path dir, QuotaScenario scenario, List<FakeProvider> fakes, FakeProvider warmup, java.util.Optional<String[]> redis) {
        StringBuilder y = new StringBuilder();
        y.append("data_dir: ").append(quote(dir.resolve("data").toAbsolutePath().toString())).append('\n');
        y.append("server:\n  host: 127.0.0.1\n");
        redis.ifPresent(r -> y.append("redis:\n  url: ").append(quote(r[0])).append("\n  prefix: ").append(quote(r[1])).append('\n'));
        y.append("logging:\n  level: warn\n");
        y.append("providers:\n");
        for (String builtIn : List.of("ovh", "pollinations", "llm7", "kilo")) {
            y.append("  ").append(builtIn).append(": { enabled: false }\n");
        }
        List<FakeProvider> all = new java.util.ArrayList<>(fakes);
        all.add(warmup);
        for (FakeProvider f : all) {
            FakeSpec p = f.spec();
            QuotaScenario.Configured c = f == warmup ? new QuotaScenario.Configured(0, 0) : scenario.configured(p);
            y.append("  ").append(p.id()).append(":\n")
                    .append("    base_url: ").append(f.baseUrl()).append('\n')
                    .append("    format: openai\n")
                    .append("    auth: none\n")
                    .append("    models:\n")
                    .append("      - { id: ").append(quote(p.model())).append(", context_window: 131072, intelligence: ").append(p.rank());
            if (c.rpm() > 0 || c.tpm() > 0) {
                y.append(", limits: { rpm: ").append(c.rpm()).append(", tpm: ").append(c.tpm()).append(" }");
            }
            y.append(" }\n");
        }
        Path file = dir.resolve("tollfree-quota-bench.yaml");
        try {
            Files.createDirectories(dir);
            Files.writeString(file, y);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
