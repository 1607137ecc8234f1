package dev.tollfree.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The gateway's YAML for a run: the built-in keyless providers off, and custom providers that all
 * point at the fake upstream. {@code solo/m1} is the one-provider route, {@code slow/m1} the same
 * behind the fake's delay, and {@code auto} walks a ten-provider chain whose first provider
 * answers 429 at once ({@code Retry-After: 0}, so it is never benched and every request fails over).
 */
final class GatewayConfigFile {
    static final String SOLO = "solo/m1";
    static final String CHAIN = "auto";
    static final int CHAIN_LENGTH = 10;

    private GatewayConfigFile() {}

    static String slowModel() {
        return "slow/m1";
    }

    static Path write(Path dir, int upstreamPort, int slowMillis, boolean requestLog, String logLevel) {
        String base = "http://127.0.0.1:" + upstreamPort;
        StringBuilder y = new StringBuilder();
        y.append("data_dir: ").append(quote(dir.resolve("data").toAbsolutePath().toString())).append('\n');
        y.append("server:\n  host: 127.0.0.1\n");
        y.append("logging:\n  level: ").append(logLevel).append("\n  request_log: ").append(requestLog).append('\n');
        y.append("providers:\n");
        for (String builtIn : List.of("ovh", "pollinations", "llm7", "kilo")) {
            y.append("  ").append(builtIn).append(": { enabled: false }\n");
        }
        provider(y, "solo", base + "/v1");
        provider(y, "slow", base + "/delay-" + slowMillis + "/v1");
        List<String> chain = new ArrayList<>();
        for (int i = 1; i <= CHAIN_LENGTH; i++) {
            String id = String.format("f%02d", i);
            provider(y, id, base + (i == 1 ? "/fail-429/v1" : "/v1"));
            chain.add(id + "/m1");
        }
        y.append("routing:\n  chain: [ ").append(String.join(", ", chain)).append(" ]\n");
        Path file = dir.resolve("tollfree-bench.yaml");
        try {
            Files.createDirectories(dir);
            Files.writeString(file, y);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static void provider(StringBuilder y, String id, String baseUrl) {
        y.append("  ").append(id).append(":\n")
                .append("    base_url: ").append(baseUrl).append('\n')
                .append("    format: openai\n")
                .append("    auth: none\n")
                .append("    models:\n")
                .append("      - { id: m1, context_window: 131072, intelligence: ").append(id.equals("solo") ? 80 : 70).append(" }\n");
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
