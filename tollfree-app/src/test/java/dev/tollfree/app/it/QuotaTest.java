package dev.tollfree.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollfree.testkit.FakeUpstream;
import dev.tollfree.testkit.ManualClock;
import dev.tollfree.testkit.Script;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The quota ledger end to end: concurrent callers never push a provider past its limit. */
@Timeout(120)
class QuotaTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHAT = "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @TempDir
    Path dir;

    @Test
    void hundredsOfConcurrentRequests_neverOvershootTheLimit_andTheRestGet429WithRetryAfter() throws Exception {
        ManualClock clock = ManualClock.at("2026-11-22T10:00:00Z");
        java.util.Deque<java.time.Instant> window = new java.util.ArrayDeque<>();
        AtomicInteger overLimit = new AtomicInteger();
        int limit = 20;
        try (FakeUpstream up = FakeUpstream.start()) {
            // the fake enforces the provider's limit itself and counts every request beyond it
            up.handler(r -> {
                if (r.path().endsWith("/models")) {
                    return Script.models("m1");
                }
                synchronized (window) { // a rolling minute on the same manual clock
                    while (!window.isEmpty() && !window.peekFirst().isAfter(clock.instant().minusSeconds(60))) {
                        window.pollFirst();
                    }
                    if (window.size() >= limit) {
                        overLimit.incrementAndGet();
                        return Script.error(429, "Rate limit reached for requests per minute", "rate_limit_error", "rate_limit_exceeded");
                    }
                    window.addLast(clock.instant());
                }
                return Script.chatCompletion("m1", "ok");
            });
            try (Gateway g = Gateway.start(dir, Gateway.withProviders("""
                    limited:
                      base_url: %s/v1
                      format: openai
                      models:
                        - { id: m1, context_window: 8192, limits: { rpm: %d } }
                    """.formatted(up.baseUrl(), limit)), clock);
                 HttpClient http = HttpClient.newBuilder().executor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()).build()) {
                List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
                for (int i = 0; i < 300; i++) {
                    calls.add(http.sendAsync(HttpRequest.newBuilder(URI.create(g.v1() + "/chat/completions"))
                            .header("Authorization", "Bearer " + Gateway.ADMIN_KEY)
                            .POST(HttpRequest.BodyPublishers.ofString(CHAT)).build(), HttpResponse.BodyHandlers.ofString()));
                }
                int ok = 0;
                int limited = 0;
                for (var f : calls) {
                    HttpResponse<String> r = f.get();
                    if (r.statusCode() == 200) {
                        ok++;
                    } else {
                        assertThat(r.statusCode()).isEqualTo(429);
                        assertThat(r.body()).contains("all_routes_rate_limited");
                        assertThat(r.headers().firstValue("Retry-After")).isPresent();
                        limited++;
                    }
                }

                assertThat(overLimit.get()).as("requests the provider had to refuse").isZero();
                assertThat(ok).isEqualTo(limit);
                assertThat(limited).isEqualTo(300 - limit);

                JsonNode quota = JSON.readTree(g.get("/api/quota", Gateway.ADMIN_KEY).body()).path("data");
                assertThat(quota.toString()).contains("\"rpm\":{\"used\":" + limit + ",\"limit\":" + limit);

                clock.advance(Duration.ofSeconds(62)); // the rolling minute has passed
                HttpResponse<String> after = g.post("/v1/chat/completions", CHAT, Gateway.ADMIN_KEY);
                assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
            }
        }
    }
}
