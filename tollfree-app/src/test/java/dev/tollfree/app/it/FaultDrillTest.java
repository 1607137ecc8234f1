package dev.tollfree.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.SseException;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.tollfree.testkit.FakeUpstream;
import dev.tollfree.testkit.ManualClock;
import dev.tollfree.testkit.RecordedRequest;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault drill: each scenario is a scripted upstream fault, asserted through the real HTTP
 * endpoint (and the OpenAI SDK where the caller's view matters), on a manual clock.
 */
@Timeout(60)
class FaultDrillTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    final ManualClock clock = ManualClock.at("2026-11-22T10:00:00Z");
    final CountDownLatch never = new CountDownLatch(1);
    FakeUpstream primary;
    FakeUpstream backup;
    FakeUpstream big;
    Gateway g;
    HttpClient http;

    @BeforeEach
    void start() {
        primary = FakeUpstream.start().on("/models", Script.models("m1"));
        backup = FakeUpstream.start().on("/models", Script.models("m2"));
        big = FakeUpstream.start().on("/models", Script.models("m3"));
        g = Gateway.start(dir, """
                routing:
                  chain: [ primary/m1, backup/m2 ]
                  first_byte_timeout: 10s
                  idle_timeout: 5s
                  cooldown: 30s
                """ + Gateway.withProviders("""
                primary:
                  base_url: %s/v1
                  format: openai
                  keys: [ sk-primary-0001 ]
                  models:
                    - { id: m1, context_window: 4000, intelligence: 90 }
                backup:
                  base_url: %s/v1
                  format: openai
                  keys: [ sk-backup-0002 ]
                  models:
                    - { id: m2, context_window: 4000, intelligence: 80 }
                big:
                  base_url: %s/v1
                  format: openai
                  keys: [ sk-big-0003 ]
                  models:
                    - { id: m3, context_window: 1000000, intelligence: 10 }
                """.formatted(primary.baseUrl(), backup.baseUrl(), big.baseUrl())), clock);
        http = HttpClient.newHttpClient();
    }

    @AfterEach
    void stop() {
        never.countDown();
        http.close();
        g.close();
        primary.close();
        backup.close();
        big.close();
    }

    private static String chat(String text, boolean stream) {
        return "{\"model\":\"auto\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
    }

    private HttpResponse<String> ask() {
        return g.post("/v1/chat/completions", chat("hi", false), Gateway.ADMIN_KEY);
    }

    private static List<RecordedRequest> calls(FakeUpstream up) {
        return up.requests("/chat/completions");
    }

    private static String routed(HttpResponse<String> r) {
        return r.headers().firstValue("X-Routed-Via").orElse("");
    }

    /** Sends in the background, waits until {@code up} has the call, then moves the manual clock. */
    private HttpResponse<String> askWhileAdvancing(FakeUpstream up, Duration advance, String body) throws Exception {
        int before = calls(up).size();
        CompletableFuture<HttpResponse<String>> f = http.sendAsync(HttpRequest.newBuilder(URI.create(g.v1() + "/chat/completions"))
                .header("Authorization", "Bearer " + Gateway.ADMIN_KEY).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        while (calls(up).size() == before) {
            Thread.onSpinWait();
        }
        clock.advance(advance);
        // time keeps passing: if the gateway had not armed its deadline yet when the clock moved, move it again
        for (int i = 0; i < 20 && !f.isDone(); i++) {
            try {
                return f.get(500, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                clock.advance(advance);
            }
        }
        return f.get();
    }

    @Test
    void drill_429WithRetryAfter2_failsOverThenReturnsToPrimaryAfterTwoSeconds() {
        primary.enqueue(Script.error(429, "Rate limit reached", "rate_limit_error", "rate_limit_exceeded").header("Retry-After", "2"));
        backup.setDefault(Script.chatCompletion("m2", "from backup"));
        primary.setDefault(Script.chatCompletion("m1", "from primary"));

        assertThat(routed(ask())).isEqualTo("backup/m2");
        assertThat(routed(ask())).isEqualTo("backup/m2");          // primary benched: not called
        assertThat(calls(primary)).hasSize(1);
        clock.advance(Duration.ofSeconds(2));
        assertThat(routed(ask())).isEqualTo("primary/m1");
    }

    @Test
    void drill_persistent429WithoutHeader_isNotHammered() {
        primary.setDefault(Script.error(429, "Too many requests", "rate_limit_error", "rate_limit_exceeded"));
        backup.setDefault(Script.chatCompletion("m2", "ok"));

        for (int minute = 0; minute < 10; minute++) {
            for (int i = 0; i < 5; i++) {
                assertThat(ask().statusCode()).isEqualTo(200);
            }
            clock.advance(Duration.ofMinutes(1));
        }

        // 50 requests over 10 minutes; escalating benches (30 s, 60 s, 120 s, 240 s, ...) let only a few through
        assertThat(calls(primary).size()).isBetween(1, 6);
        assertThat(calls(backup)).hasSize(50);
    }

    @Test
    void drill_500Once_isRetriedOnceOnTheSameProvider_andServedThere() {
        primary.enqueue(Script.error(500, "internal error", "server_error", null));
        primary.setDefault(Script.chatCompletion("m1", "fine"));
        backup.setDefault(Script.chatCompletion("m2", "ok"));

        HttpResponse<String> first = ask();
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(routed(first)).isEqualTo("primary/m1");
        assertThat(calls(primary)).hasSize(2);
        assertThat(calls(backup)).isEmpty();
        assertThat(routed(ask())).isEqualTo("primary/m1");
    }

    @Test
    void drill_500Twice_failsOverAndThePrimaryServesAgainAfterItsShortBench() {
        primary.enqueue(Script.error(500, "internal error", "server_error", null));
        primary.enqueue(Script.error(500, "internal error", "server_error", null));
        primary.setDefault(Script.chatCompletion("m1", "fine"));
        backup.setDefault(Script.chatCompletion("m2", "ok"));

        HttpResponse<String> first = ask();
        assertThat(routed(first)).isEqualTo("backup/m2");
        assertThat(first.headers().firstValue("X-Fallback-Attempts")).contains("2");
        clock.advance(Duration.ofSeconds(6)); // the 5 s transient bench
        assertThat(routed(ask())).isEqualTo("primary/m1");
    }

    @Test
    void drill_503Persistent_opensTheCircuit_andThePrimaryIsNotHammered() {
        primary.setDefault(Script.error(503, "overloaded", "server_error", null));
        backup.setDefault(Script.chatCompletion("m2", "ok"));

        for (int i = 0; i < 30; i++) {
            assertThat(ask().statusCode()).isEqualTo(200);
            clock.advance(Duration.ofSeconds(1));
        }

        // three failures open the breaker; afterwards one probe per 15 s at most
        assertThat(calls(primary).size()).isLessThanOrEqualTo(6);
    }

    @Test
    void drill_tcpResetBeforeHeaders_failsOver() {
        primary.enqueue(Script.reset());
        backup.setDefault(Script.chatCompletion("m2", "ok"));

        HttpResponse<String> r = ask();

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(routed(r)).isEqualTo("backup/m2");
    }

    @Test
    void drill_noResponseAtAll_endsAtTheFirstByteTimeout_andTheSilentRouteIsNotRetried() throws Exception {
        primary.setDefault(Script.noResponse());
        backup.setDefault(Script.chatCompletion("m2", "ok"));

        HttpResponse<String> r = askWhileAdvancing(primary, Duration.ofSeconds(11), chat("hi", false));

        assertThat(routed(r)).isEqualTo("backup/m2");
        assertThat(calls(primary)).hasSize(1);
        assertThat(routed(ask())).isEqualTo("backup/m2"); // benched after the timeout
        assertThat(calls(primary)).hasSize(1);
    }

    @Test
    void drill_firstTokenTooLate_failsOverOnTheFirstTokenLimit() throws Exception {
        primary.setDefault(Script.chatStream("m1", List.of("late")).pauseAfter(0, never));
        backup.setDefault(Script.chatStream("m2", List.of("on ", "time")));

        HttpResponse<String> r = askWhileAdvancing(primary, Duration.ofSeconds(20), chat("hi", true));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(routed(r)).isEqualTo("backup/m2");
        assertThat(r.body()).contains("on ").contains("time").doesNotContain("late").endsWith("data: [DONE]\n\n");
    }

    @Test
    void drill_streamCutAfter40of60Tokens_isAnErrorTheSdkRaises() {
        List<String> tokens = IntStream.range(0, 60).mapToObj(i -> "t" + i + " ").toList();
        CountDownLatch cut = new CountDownLatch(1);
        primary.setDefault(Script.chatStream("m1", tokens).pauseAfter(41, cut).cutAfter(41));
        OpenAIClient client = OpenAIOkHttpClient.builder().apiKey(Gateway.ADMIN_KEY).baseUrl(g.v1()).maxRetries(0).build();
        try {
            List<String> seen = new ArrayList<>();
            assertThatThrownBy(() -> {
                try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(
                        ChatCompletionCreateParams.builder().model("auto").addUserMessage("count").build())) {
                    s.stream().forEach(c -> {
                        c.choices().forEach(ch -> ch.delta().content().filter(t -> !t.isEmpty()).ifPresent(seen::add));
                        if (seen.size() == 40) {
                            cut.countDown();
                        }
                    });
                }
            }).isInstanceOf(SseException.class).hasMessageContaining("incomplete");
            assertThat(seen).hasSize(40);
        } finally {
            client.close();
        }
    }

    @Test
    void drill_streamStallsAfter20Tokens_endsWithAnErrorEventAtTheIdleTimeout() throws Exception {
        List<String> tokens = IntStream.range(0, 40).mapToObj(i -> "t" + i + " ").toList();
        primary.setDefault(Script.chatStream("m1", tokens).pauseAfter(21, never));
        AtomicBoolean errorSeen = new AtomicBoolean();
        HttpResponse<java.util.stream.Stream<String>> r = http.send(HttpRequest.newBuilder(URI.create(g.v1() + "/chat/completions"))
                .header("Authorization", "Bearer " + Gateway.ADMIN_KEY).POST(HttpRequest.BodyPublishers.ofString(chat("go", true))).build(),
                HttpResponse.BodyHandlers.ofLines());
        int[] data = {0};
        r.body().forEach(line -> {
            if (line.startsWith("data: ")) {
                data[0]++;
                if (line.contains("stream_interrupted")) {
                    errorSeen.set(true);
                }
                if (data[0] == 21) {
                    clock.advance(Duration.ofSeconds(6)); // past the 5 s idle timeout
                }
            }
        });
        assertThat(errorSeen).isTrue();
    }

    @Test
    void drill_malformedChunk_endsWithAnErrorEvent() {
        primary.setDefault(Script.sse(List.of()).rawEvents(List.of(
                "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ok so far\"}}]}\n\n",
                "data: {\"id\":\"c\",\"choices\":[{\"delta\":{\"content\":\"bro\n\n")));
        HttpResponse<String> r = g.post("/v1/chat/completions", chat("hi", true), Gateway.ADMIN_KEY);
        assertThat(r.body()).contains("ok so far").contains("stream_interrupted").contains("malformed").doesNotContain("[DONE]");
    }

    @Test
    void drill_noDoneAfterACompleteAnswer_isFinalisedPromptly() {
        primary.setDefault(Script.chatStream("m1", List.of("complete")).noDone());
        HttpResponse<String> r = g.post("/v1/chat/completions", chat("hi", true), Gateway.ADMIN_KEY);
        assertThat(r.body()).contains("complete").endsWith("data: [DONE]\n\n");
    }

    @Test
    void drill_contextLengthExceeded_goesToALargerModel_neverRetriesTheSameOne() {
        String longText = "word ".repeat(3000); // ~4,700 estimated tokens: only m3 (1M) fits on the estimate
        big.setDefault(Script.chatCompletion("m3", "read it all"));
        HttpResponse<String> byEstimate = g.post("/v1/chat/completions", chat(longText, false), Gateway.ADMIN_KEY);
        assertThat(routed(byEstimate)).isEqualTo("big/m3");
        assertThat(calls(primary)).isEmpty();

        primary.setDefault(Script.error(400, "This model's maximum context length is 4000 tokens", "invalid_request_error", "context_length_exceeded"));
        backup.setDefault(Script.error(400, "This model's maximum context length is 4000 tokens", "invalid_request_error", "context_length_exceeded"));
        HttpResponse<String> byProvider = g.post("/v1/chat/completions", chat("word ".repeat(1500), false), Gateway.ADMIN_KEY);
        assertThat(routed(byProvider)).isEqualTo("big/m3");
        assertThat(calls(primary)).hasSize(1);
        assertThat(calls(backup)).hasSize(1);
    }

    @Test
    void drill_contentPolicy_isNotRetried_andTheReasonReachesTheCaller() throws Exception {
        primary.setDefault(Script.error(400, "Your request was rejected as a result of our content_policy: violence", "invalid_request_error", "content_policy_violation"));
        HttpResponse<String> r = ask();
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(r.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("content_policy_violation");
        assertThat(error.path("message").asText()).contains("violence");
        assertThat(calls(backup)).isEmpty();
    }

    @Test
    void drill_afterACutStream_theRetryGoesToTheFallbackWithoutAssistantPrefill() {
        CountDownLatch cut = new CountDownLatch(1);
        primary.setDefault(Script.chatStream("m1", List.of("par", "tial", "never")).pauseAfter(3, cut).cutAfter(3));
        backup.setDefault(Script.chatStream("m2", List.of("whole ", "answer")));
        // the response headers arrive only once the gateway has committed to the primary's stream
        HttpResponse<java.util.stream.Stream<String>> first = http.sendAsync(HttpRequest.newBuilder(URI.create(g.v1() + "/chat/completions"))
                .header("Authorization", "Bearer " + Gateway.ADMIN_KEY).POST(HttpRequest.BodyPublishers.ofString(chat("q", true))).build(),
                HttpResponse.BodyHandlers.ofLines()).join();
        assertThat(first.headers().firstValue("X-Routed-Via")).contains("primary/m1");
        cut.countDown();
        assertThat(first.body().collect(java.util.stream.Collectors.joining("\n"))).contains("stream_interrupted");

        HttpResponse<String> retry = g.post("/v1/chat/completions", chat("q", true), Gateway.ADMIN_KEY);

        assertThat(routed(retry)).isEqualTo("backup/m2");
        assertThat(retry.body()).contains("whole ").endsWith("data: [DONE]\n\n");
        tools.jackson.databind.JsonNode sent = calls(backup).getFirst().json().path("messages");
        assertThat(sent.size()).isEqualTo(1);
        assertThat(sent.get(0).path("role").asText()).isEqualTo("user");
    }

    @Test
    void drill_primaryDownFor60s_isServedByFallbackMeanwhile_andBackOnPrimaryWithin30sOfRecovery() {
        AtomicBoolean primaryUp = new AtomicBoolean(false);
        primary.handler(r -> r.path().endsWith("/models") ? Script.models("m1")
                : primaryUp.get() ? Script.chatCompletion("m1", "primary") : Script.error(503, "down", "server_error", null));
        backup.setDefault(Script.chatCompletion("m2", "backup"));

        int downCalls = -1;
        long recoveredAt = -1;
        for (int t = 0; t <= 120; t += 5) {
            if (t == 60) {
                primaryUp.set(true);
                downCalls = calls(primary).size();
            }
            HttpResponse<String> r = ask();
            assertThat(r.statusCode()).as("t=%d", t).isEqualTo(200);
            if (t >= 60 && recoveredAt < 0 && routed(r).equals("primary/m1")) {
                recoveredAt = t;
            }
            clock.advance(Duration.ofSeconds(5));
        }

        assertThat(downCalls).isLessThanOrEqualTo(8);       // not hammered while down (12 requests)
        assertThat(recoveredAt).isBetween(60L, 90L);         // back on primary within 30 s of recovery
    }

    @Test
    void drill_failoverAccounting_namesTheModelThatAnsweredAndCarriesUsage() throws Exception {
        primary.enqueue(Script.error(502, "bad gateway", "server_error", null));
        primary.enqueue(Script.error(502, "bad gateway", "server_error", null)); // and again on the retry
        backup.setDefault(Script.chatCompletion("m2", "answer"));
        HttpResponse<String> r = ask();
        assertThat(routed(r)).isEqualTo("backup/m2");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("model").asText()).isEqualTo("m2");
        assertThat(body.path("usage").path("total_tokens").asInt()).isPositive();
        JsonNode logged = JSON.createArrayNode();
        for (int i = 0; i < 300 && logged.isEmpty(); i++) { // the request log is written in the background
            logged = JSON.readTree(g.get("/api/requests?limit=1", Gateway.ADMIN_KEY).body()).path("data");
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        assertThat(logged).as("the request was logged").isNotEmpty();
        assertThat(logged.get(0).path("model").asText()).isEqualTo("m2");
        assertThat(logged.get(0).path("attempts")).hasSize(3);
    }
}
