package dev.tollfree.bench.quota;

import dev.tollfree.api.Json;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import tools.jackson.databind.JsonNode;

/**
 * Sends the planned requests to the gateway at their due times, each on its own virtual thread,
 * and records what came back. Nothing waits for an earlier answer (open loop); each request gives
 * up after {@link #TIMEOUT}, so a run ends by itself.
 */
final class OpenLoad {
    static final Duration TIMEOUT = Duration.ofSeconds(90);

    /**
     * One answer from the gateway.
     *
     * @param sentAt epoch ms when the request left
     * @param status HTTP status, or 0 when no answer came (connection error, timeout)
     * @param routedVia {@code X-Routed-Via} ({@code provider/model}), empty when not served
     * @param code the error's {@code code}, empty on success
     * @param retryAfter the gateway's {@code Retry-After}, -1 when absent
     * @param failedAttempts {@code X-Fallback-Attempts}, 0 when absent
     */
    record Call(int seq, int phase, long sentAt, int status, String routedVia, String code, long retryAfter, int failedAttempts) {}

    /** A gateway to send to: its port and its admin key. */
    record Target(int port, String key) {
        URI uri() {
            return URI.create("http://127.0.0.1:" + port + "/v1/chat/completions");
        }
    }

    private OpenLoad() {}

    /** Sends request {@code i} of the plan to target {@code i mod n}: a round-robin balancer in front of the gateways. */
    static List<Call> run(List<Target> targets, List<Workload.Planned> plan, InstantSource clock) {
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
             HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(threads)
                     .connectTimeout(Duration.ofSeconds(5)).build()) {
            List<Future<Call>> pending = new ArrayList<>(plan.size());
            long start = System.nanoTime();
            for (Workload.Planned p : plan) {
                long due = start + TimeUnit.MILLISECONDS.toNanos(p.offsetMs());
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                Target t = targets.get(Math.floorMod(p.seq(), targets.size()));
                pending.add(threads.submit(() -> send(http, t.uri(), t.key(), p, clock)));
            }
            List<Call> calls = new ArrayList<>(plan.size());
            for (int i = 0; i < pending.size(); i++) {
                calls.add(await(pending.get(i), plan.get(i), clock));
            }
            return List.copyOf(calls);
        }
    }

    private static Call send(HttpClient http, URI uri, String key, Workload.Planned p, InstantSource clock) {
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(p.body())).build();
        long sent = clock.millis();
        try {
            HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
            String code = "";
            if (r.statusCode() != 200) {
                JsonNode err = Json.tryParse(r.body()).map(n -> n.path("error")).orElse(null);
                code = err == null ? "unreadable" : err.path("code").asString("");
            }
            return new Call(p.seq(), p.phase(), sent, r.statusCode(), r.headers().firstValue("X-Routed-Via").orElse(""), code,
                    r.headers().firstValue("Retry-After").map(OpenLoad::number).orElse(-1L),
                    (int) (long) r.headers().firstValue("X-Fallback-Attempts").map(OpenLoad::number).orElse(0L));
        } catch (IOException e) {
            return new Call(p.seq(), p.phase(), sent, 0, "", "io: " + e.getClass().getSimpleName(), -1, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Call(p.seq(), p.phase(), sent, 0, "", "interrupted", -1, 0);
        }
    }

    private static Call await(Future<Call> f, Workload.Planned p, InstantSource clock) {
        try {
            return f.get(TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS);
        } catch (Exception e) {
            f.cancel(true);
            return new Call(p.seq(), p.phase(), clock.millis(), 0, "", "no answer: " + e.getClass().getSimpleName(), -1, 0);
        }
    }

    private static long number(String v) {
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
