package dev.tollfree.app;

import com.sun.net.httpserver.HttpServer;
import dev.tollfree.app.config.ConfigLoader;
import dev.tollfree.app.config.GatewayConfig;
import dev.tollfree.app.config.LogLevel;
import dev.tollfree.core.catalog.Catalog;
import dev.tollfree.core.service.GatewayKeys;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
 * Starts a throw-away gateway in a temporary directory, exercises its request path against a
 * stand-in provider on the loopback interface (answers in the OpenAI format, plain and streamed),
 * and stops; no real provider is called. The launcher runs it once after a build to record the
 * JVM's ahead-of-time cache, which roughly halves later start-up times and makes the first
 * requests after a start cheaper.
 */
@Command(name = "warmup", hidden = true, mixinStandardHelpOptions = true,
        description = "Exercise a throw-away gateway (used to train the start-up cache); calls no real provider.")
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
        HttpServer upstream = standInProvider();
        try {
            Path config = Files.writeString(dir.resolve("warmup.yaml"), "providers:\n"
                    + "  " + PROVIDER + ":\n"
                    + "    base_url: http://127.0.0.1:" + upstream.getAddress().getPort() + "/v1\n"
                    + "    format: openai\n"
                    + "    auth: none\n"
                    + "    models:\n"
                    + "      - { id: m1, context_window: 131072 }\n");
            int served = exercise(ConfigLoader.load(Optional.of(config), env, Catalog.builtIn()).config(), env, key);
            cli.err().println("warmup done: " + served + " of " + ROUNDS + " chat completions answered through the stand-in provider");
        } finally {
            upstream.stop(0);
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return 0;
    }

    private static final String PROVIDER = "tollfree-warmup";

    private static final int ROUNDS = 20;

    /** Returns how many of the chat completions sent to the stand-in provider were answered with 200. */
    private static int exercise(GatewayConfig config, Map<String, String> env, String key) {
        int served = 0;
        try (Services s = Services.open(config);
             RunningGateway g = RunningGateway.start(s, env, new PrintStream(PrintStream.nullOutputStream()));
             HttpClient http = HttpClient.newHttpClient()) {
            String base = "http://127.0.0.1:" + g.port();
            for (int i = 0; i < ROUNDS; i++) {
                send(http, HttpRequest.newBuilder(URI.create(base + "/livez")).GET().build());
                send(http, HttpRequest.newBuilder(URI.create(base + "/readyz")).GET().build());
                send(http, authed(base + "/v1/models", key).GET().build());
                send(http, authed(base + "/api/models", key).GET().build());
                send(http, authed(base + "/v1/chat/completions", key).POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"tollfree-warmup-no-such-model\",\"stream\":" + (i % 2 == 0)
                                + ",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]}]}")).build());
                send(http, authed(base + "/v1/chat/completions", key).POST(HttpRequest.BodyPublishers.ofString("{\"model\":1}")).build());
                served += send(http, authed(base + "/v1/chat/completions", key).POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"" + PROVIDER + "/m1\",\"stream\":" + (i % 2 == 1) + ",\"max_tokens\":16"
                                + ",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"hi\"}]}")).build())
                        == 200 ? 1 : 0;
            }
        }
        return served;
    }

    /** A provider on 127.0.0.1 that answers every chat completion with a fixed answer, streamed when asked. */
    private static HttpServer standInProvider() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/v1/chat/completions", exchange -> {
            try (exchange) {
                boolean stream = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).contains("\"stream\":true");
                String chunk = "{\"id\":\"w\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m1\",\"choices\":[{\"index\":0,";
                String body = stream
                        ? "data: " + chunk + "\"delta\":{\"role\":\"assistant\",\"content\":\"Hello\"},\"finish_reason\":null}]}\n\n"
                          + "data: " + chunk + "\"delta\":{\"content\":\" there.\"},\"finish_reason\":null}]}\n\n"
                          + "data: " + chunk + "\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                          + "data: {\"id\":\"w\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m1\",\"choices\":[],"
                          + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2,\"total_tokens\":11}}\n\n"
                          + "data: [DONE]\n\n"
                        : "{\"id\":\"w\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m1\",\"choices\":[{\"index\":0,"
                          + "\"message\":{\"role\":\"assistant\",\"content\":\"Hello there.\"},\"finish_reason\":\"stop\"}],"
                          + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2,\"total_tokens\":11}}";
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", stream ? "text/event-stream" : "application/json");
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
            }
        });
        server.start();
        return server;
    }

    private static HttpRequest.Builder authed(String url, String key) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + key).header("Content-Type", "application/json");
    }

    private static int send(HttpClient http, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
