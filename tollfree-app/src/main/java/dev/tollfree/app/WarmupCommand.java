package dev.tollfree.app;

import dev.tollfree.app.config.ConfigLoader;
import dev.tollfree.app.config.LogLevel;
import dev.tollfree.core.catalog.Catalog;
import dev.tollfree.core.service.GatewayKeys;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;

/**
 * Starts a throw-away gateway in a temporary directory, exercises its request path without
 * calling any provider, and stops. The launcher runs it once after a build to record the JVM's
 * ahead-of-time cache, which roughly halves later start-up times.
 */
@Command(name = "warmup", hidden = true, mixinStandardHelpOptions = true,
        description = "Exercise a throw-away gateway (used to train the start-up cache); calls no provider.")
final class WarmupCommand implements Callable<Integer>, CliFactory.NeedsCli {
    private Cli cli;

    @Override
    public void cli(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() throws Exception {
        Logging.configure(LogLevel.WARN);
        Path dir = Files.createTempDirectory("tollfree-warmup");
        String key = GatewayKeys.generate();
        Map<String, String> env = new HashMap<>();
        env.put("TOLLFREE_DATA_DIR", dir.toString());
        env.put("TOLLFREE_PORT", "0");
        env.put("TOLLFREE_BOOTSTRAP_KEY", key);
        try (Services s = Services.open(ConfigLoader.load(Optional.empty(), env, Catalog.builtIn()).config());
             RunningGateway g = RunningGateway.start(s, env, new PrintStream(PrintStream.nullOutputStream()));
             HttpClient http = HttpClient.newHttpClient()) {
            String base = "http://127.0.0.1:" + g.port();
            for (int i = 0; i < 20; i++) {
                send(http, HttpRequest.newBuilder(URI.create(base + "/livez")).GET().build());
                send(http, HttpRequest.newBuilder(URI.create(base + "/readyz")).GET().build());
                send(http, authed(base + "/v1/models", key).GET().build());
                send(http, authed(base + "/api/models", key).GET().build());
                send(http, authed(base + "/v1/chat/completions", key).POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"tollfree-warmup-no-such-model\",\"stream\":" + (i % 2 == 0)
                                + ",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]}]}")).build());
                send(http, authed(base + "/v1/chat/completions", key).POST(HttpRequest.BodyPublishers.ofString("{\"model\":1}")).build());
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        cli.err().println("warmup done");
        return 0;
    }

    private static HttpRequest.Builder authed(String url, String key) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + key).header("Content-Type", "application/json");
    }

    private static void send(HttpClient http, HttpRequest request) {
        try {
            http.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
