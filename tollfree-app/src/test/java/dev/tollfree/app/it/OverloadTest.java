package dev.tollfree.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollfree.testkit.FakeUpstream;
import dev.tollfree.testkit.Script;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The gateway's own overload guard: a bounded number of requests in flight, then 429 gateway_overloaded. */
@Timeout(60)
class OverloadTest {
    private static final String CHAT = "{\"model\":\"m1\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @TempDir
    Path dir;

    @Test
    void beyondMaxInFlight_requestsWaitBrieflyThenGet429WithRetryAfter() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (FakeUpstream up = FakeUpstream.start().on("/models", Script.models("m1"))) {
            up.handler(r -> r.path().endsWith("/models") ? Script.models("m1") : null);
            up.setDefault(Script.chatCompletion("m1", "ok"));
            try (Gateway g = Gateway.start(dir, "server:\n  max_in_flight: 1\n  queue_timeout: 200ms\n" + Gateway.withProviders("""
                    local:
                      base_url: %s/v1
                      format: openai
                      models:
                        - id: m1
                          context_window: 8192
                    """.formatted(up.baseUrl())), Map.of());
                 HttpClient http = HttpClient.newHttpClient()) {
                up.handler(r -> r.path().endsWith("/models") ? Script.models("m1") : Script.chatCompletion("m1", "slow").delay(Duration.ofSeconds(30)));
                CompletableFuture<HttpResponse<String>> first = http.sendAsync(HttpRequest.newBuilder(URI.create(g.v1() + "/chat/completions"))
                        .header("Authorization", "Bearer " + Gateway.ADMIN_KEY).POST(HttpRequest.BodyPublishers.ofString(CHAT)).build(),
                        HttpResponse.BodyHandlers.ofString());
                while (up.requests("/chat/completions").isEmpty()) {
                    Thread.onSpinWait();
                }

                HttpResponse<String> second = g.post("/v1/chat/completions", CHAT, Gateway.ADMIN_KEY);

                assertThat(second.statusCode()).isEqualTo(429);
                assertThat(second.body()).contains("\"code\":\"gateway_overloaded\"");
                assertThat(second.headers().firstValue("Retry-After")).contains("1");
                assertThat(up.requests("/chat/completions")).hasSize(1);
                first.cancel(true);
            } finally {
                release.countDown();
            }
        }
    }
}
