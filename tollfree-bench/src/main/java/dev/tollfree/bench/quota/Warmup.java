package dev.tollfree.bench.quota;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Warms the gateway up before the measured run: requests pinned to a sixth fake that has no limit,
 * then that model is disabled through the admin API, so {@code auto} never sees it. Without this,
 * the first requests of a fresh JVM take seconds between Tollfree's reservation and the provider's
 * arrival, and the provider's minute runs seconds behind Tollfree's (docs/quota-benchmark.md).
 */
final class Warmup {
    static final FakeSpec SPEC = new FakeSpec("fake-warmup", "warmup", 1, 1_000_000, 0, Dialect.BARE_429, "none (warm-up only)");
    static final int REQUESTS = 60;
    private static final int PARALLEL = 4;

    private Warmup() {}

    static void run(GatewayLauncher gw, HttpClient http) {
        URI chat = uri(gw, "/v1/chat/completions");
        List<Future<Integer>> pending = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(PARALLEL, Thread.ofVirtual().factory())) {
            for (int i = 0; i < REQUESTS; i++) {
                String text = Workload.prose(1_000_000 + i);
                String body = "{\"model\":\"" + SPEC.route() + "\",\"max_tokens\":" + Workload.MAX_TOKENS
                        + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
                HttpRequest r = HttpRequest.newBuilder(chat).timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + gw.key())
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
                pending.add(threads.submit(() -> http.send(r, HttpResponse.BodyHandlers.discarding()).statusCode()));
            }
            for (Future<Integer> f : pending) {
                int status = f.get();
                if (status != 200) {
                    throw new IllegalStateException("a warm-up request got " + status + " instead of 200");
                }
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a warm-up request failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during the warm-up", e);
        }
        disable(gw, http);
    }

    private static void disable(GatewayLauncher gw, HttpClient http) {
        HttpRequest patch = HttpRequest.newBuilder(uri(gw, "/api/models")).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + gw.key()).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"model\":\"" + SPEC.route() + "\",\"enabled\":false}")).build();
        HttpRequest models = HttpRequest.newBuilder(uri(gw, "/v1/models")).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + gw.key()).GET().build();
        try {
            HttpResponse<String> r = http.send(patch, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("could not disable the warm-up model: " + r.statusCode() + " " + r.body());
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (http.send(models, HttpResponse.BodyHandlers.ofString()).body().contains(SPEC.route())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the warm-up model is still listed 10 s after it was disabled");
                }
                GatewayLauncher.pause(100);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not disable the warm-up model: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while disabling the warm-up model", e);
        }
    }

    static FakeProvider start(Duration latency, InstantSource clock) {
        return FakeProvider.start(SPEC, latency, clock);
    }

    private static URI uri(GatewayLauncher gw, String path) {
        return URI.create("http://127.0.0.1:" + gw.port() + path);
    }
}
