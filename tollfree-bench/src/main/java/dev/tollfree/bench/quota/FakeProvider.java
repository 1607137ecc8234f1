package dev.tollfree.bench.quota;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tollfree.api.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;

/**
 * One fake provider on 127.0.0.1: answers {@code POST /v1/chat/completions} for its model, after
 * its latency, while its {@link RollingWindow} has room; otherwise a 429 at once, in its
 * {@link Dialect}. It records every request it receives, with the time and the verdict.
 */
final class FakeProvider implements AutoCloseable {
    static final String ANSWER = "Here is a short answer from the fake provider, long enough to count.";
    private static final long DEFAULT_MAX_TOKENS = 512;

    /** One request as the provider saw it: when it arrived (epoch ms) and which budget refused it, if any. */
    record Seen(long at, RollingWindow.Hit hit) {
        boolean limited() {
            return hit != RollingWindow.Hit.NONE;
        }
    }

    private final FakeSpec spec;
    private final RollingWindow window;
    private final Duration latency;
    private final InstantSource clock;
    private final long answerTokens = FakeTokenizer.text(ANSWER);
    private final List<Seen> seen = new ArrayList<>();
    private final AtomicLong admitted = new AtomicLong();
    private final HttpServer server;
    private final ExecutorService executor;

    private FakeProvider(FakeSpec spec, Duration latency, InstantSource clock) throws IOException {
        this.spec = spec;
        this.window = new RollingWindow(spec.rpm(), spec.tpm());
        this.latency = latency;
        this.clock = clock;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    static FakeProvider start(FakeSpec spec, Duration latency, InstantSource clock) {
        try {
            FakeProvider p = new FakeProvider(spec, latency, clock);
            p.server.start();
            return p;
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a socket for " + spec.id() + ": " + e.getMessage(), e);
        }
    }

    FakeSpec spec() {
        return spec;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Every request received so far, in arrival order. */
    List<Seen> seen() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            byte[] body = x.getRequestBody().readAllBytes();
            String path = x.getRequestURI().getPath();
            if (x.getRequestMethod().equals("GET") && path.equals("/v1/models")) {
                send(x, 200, Map.of(), "{\"object\":\"list\",\"data\":[{\"id\":\"" + spec.model() + "\",\"object\":\"model\"}]}");
                return;
            }
            if (!x.getRequestMethod().equals("POST") || !path.equals("/v1/chat/completions")) {
                send(x, 404, Map.of(), "{\"error\":{\"message\":\"no route " + path + "\",\"type\":\"invalid_request_error\"}}");
                return;
            }
            chat(x, body);
        }
    }

    private void chat(HttpExchange x, byte[] body) throws IOException {
        JsonNode req = Json.MAPPER.readTree(body);
        List<String> texts = new ArrayList<>();
        for (JsonNode m : req.path("messages")) {
            texts.add(m.path("content").asString(""));
        }
        long prompt = FakeTokenizer.prompt(texts);
        long maxTokens = req.path("max_completion_tokens").asLong(req.path("max_tokens").asLong(DEFAULT_MAX_TOKENS));
        long requested = prompt + maxTokens;
        long now = clock.millis();
        RollingWindow.Verdict v = window.admit(now, requested, prompt + answerTokens);
        long today = v.admitted() ? admitted.incrementAndGet() : admitted.get();
        synchronized (seen) {
            seen.add(new Seen(now, v.hit()));
        }
        Map<String, String> headers = spec.dialect().headers(spec, v, today, now);
        if (!v.admitted()) {
            send(x, 429, headers, spec.dialect().limitedBody(spec, v, requested));
            return;
        }
        sleep(latency);
        send(x, 200, headers, "{\"id\":\"chatcmpl-" + spec.id() + "-" + today + "\",\"object\":\"chat.completion\",\"created\":" + now / 1000
                + ",\"model\":\"" + spec.model() + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + ANSWER
                + "\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":" + answerTokens
                + ",\"total_tokens\":" + (prompt + answerTokens) + "}}");
    }

    private static void send(HttpExchange x, int status, Map<String, String> headers, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json");
        headers.forEach((k, v) -> x.getResponseHeaders().set(k, v));
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
