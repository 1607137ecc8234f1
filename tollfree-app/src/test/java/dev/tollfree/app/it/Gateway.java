package dev.tollfree.app.it;

import dev.tollfree.app.TestAccess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A real Tollfree (config file, SQLite, HTTP server on a free port) for integration tests.
 * Built-in keyless providers are disabled so nothing ever leaves the machine.
 */
public final class Gateway implements AutoCloseable {
    public static final String ADMIN_KEY = "tf-integration-admin-key-0123456789";
    public static final String NO_NETWORK = """
            providers:
              ovh: { enabled: false }
              pollinations: { enabled: false }
              llm7: { enabled: false }
              kilo: { enabled: false }
            """;

    private final TestAccess.Running running;
    private final Path dataDir;
    private final HttpClient http = HttpClient.newHttpClient();

    private Gateway(TestAccess.Running running, Path dataDir) {
        this.running = running;
        this.dataDir = dataDir;
    }

    /** Starts a gateway on {@code dataDir} with this YAML (appended to the no-network block's providers). */
    public static Gateway start(Path dataDir, String yaml, Map<String, String> extraEnv) {
        return start(dataDir, yaml, extraEnv, new java.io.PrintStream(java.io.PrintStream.nullOutputStream()));
    }

    public static Gateway start(Path dataDir, String yaml, Map<String, String> extraEnv, java.io.PrintStream console) {
        return start(dataDir, yaml, extraEnv, console, null);
    }

    /** A gateway whose cooldowns, benches, breakers and upstream timeouts run on {@code clock}. */
    public static Gateway start(Path dataDir, String yaml, dev.tollfree.testkit.ManualClock clock) {
        return start(dataDir, yaml, Map.of(), new java.io.PrintStream(java.io.PrintStream.nullOutputStream()), clock);
    }

    /** A gateway on {@code clock} with extra environment (a shared database, a shared Redis). */
    public static Gateway start(Path dataDir, String yaml, Map<String, String> extraEnv, dev.tollfree.testkit.ManualClock clock) {
        return start(dataDir, yaml, extraEnv, new java.io.PrintStream(java.io.PrintStream.nullOutputStream()), clock);
    }

    private static Gateway start(Path dataDir, String yaml, Map<String, String> extraEnv, java.io.PrintStream console,
                                 dev.tollfree.testkit.ManualClock clock) {
        try {
            Files.createDirectories(dataDir);
            Path config = dataDir.resolve("tollfree.yaml");
            Files.writeString(config, yaml);
            Map<String, String> env = new HashMap<>();
            env.put("TOLLFREE_DATA_DIR", dataDir.toString());
            env.put("TOLLFREE_PORT", "0");
            env.put("TOLLFREE_BOOTSTRAP_KEY", ADMIN_KEY);
            env.putAll(extraEnv);
            env.values().removeIf(String::isEmpty);
            return new Gateway(TestAccess.start(config, env, console, clock), dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Config text for one custom OpenAI-format provider in front of a fake upstream, plus the no-network block. */
    public static String withProviders(String providersBody) {
        return NO_NETWORK + providersBody.indent(2);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + running.port();
    }

    public String v1() {
        return baseUrl() + "/v1";
    }

    public Path dataDir() {
        return dataDir;
    }

    public HttpResponse<String> post(String path, String body, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return send(b.build());
    }

    public HttpResponse<String> get(String path, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET();
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return send(b.build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        running.close();
    }
}
