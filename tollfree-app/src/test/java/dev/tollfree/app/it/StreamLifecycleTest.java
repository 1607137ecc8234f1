package dev.tollfree.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollfree.testkit.FakeUpstream;
import dev.tollfree.testkit.Script;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Streams seen from the raw wire: headers held until the first token, cancellation, the request log. */
@Timeout(60)
class StreamLifecycleTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STREAM = "{\"model\":\"m1\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @TempDir
    Path dir;

    private static String yaml(FakeUpstream up) {
        return Gateway.withProviders("""
                local:
                  base_url: %s/v1
                  format: openai
                  models:
                    - id: m1
                      context_window: 8192
                """.formatted(up.baseUrl()));
    }

    private static JsonNode lastRequest(Gateway g) throws Exception {
        for (int i = 0; i < 300; i++) {
            JsonNode data = JSON.readTree(g.get("/api/requests?limit=1", Gateway.ADMIN_KEY).body()).path("data");
            if (!data.isEmpty()) {
                return data.get(0);
            }
            Thread.onSpinWait();
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
        throw new AssertionError("no request was logged");
    }

    @Test
    void clientDisconnect_cancelsTheUpstreamCall_andIsLoggedAsCancelled() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        try (FakeUpstream up = FakeUpstream.start().on("/models", Script.models("m1"))) {
            up.enqueue(Script.chatStream("m1", List.of("one", "two", "three", "four")).pauseAfter(2, never));
            try (Gateway g = Gateway.start(dir, yaml(up), Map.of())) {
                try (java.net.Socket socket = new java.net.Socket("127.0.0.1", java.net.URI.create(g.baseUrl()).getPort())) {
                    byte[] body = STREAM.getBytes(StandardCharsets.UTF_8);
                    socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                            + Gateway.ADMIN_KEY + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    socket.getOutputStream().write(body);
                    socket.getOutputStream().flush();
                    BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                    assertThat(reader.readLine()).isEqualTo("HTTP/1.1 200 OK");
                    String line;
                    boolean sawRoute = false;
                    while (!(line = reader.readLine()).startsWith("data: ") && !line.contains("data: ")) {
                        sawRoute |= line.equalsIgnoreCase("X-Routed-Via: local/m1");
                    }
                    assertThat(sawRoute).isTrue();
                } // the caller goes away mid-answer

                // the relay only finishes (and logs) once it noticed the caller left and closed the upstream stream
                JsonNode logged = lastRequest(g);
                assertThat(logged.path("outcome").asText()).isEqualTo("cancelled");
                assertThat(logged.path("attempts").get(0).path("failure").asText()).isEmpty();
            } finally {
                never.countDown();
            }
        }
    }

    @Test
    void brokenStream_isLoggedAsAStreamError_withTheProviderThatBrokeIt() throws Exception {
        try (FakeUpstream up = FakeUpstream.start().on("/models", Script.models("m1"))) {
            up.enqueue(Script.sse(List.of(
                    "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"half an ans\"},\"finish_reason\":null}]}",
                    "{\"error\":{\"message\":\"upstream overloaded mid-stream\",\"type\":\"server_error\"}}")));
            try (Gateway g = Gateway.start(dir, yaml(up), Map.of())) {
                HttpResponse<String> r = g.post("/v1/chat/completions", STREAM, Gateway.ADMIN_KEY);
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).contains("half an ans").contains("\"code\":\"stream_interrupted\"").contains("overloaded mid-stream")
                        .doesNotContain("[DONE]");
                JsonNode logged = lastRequest(g);
                assertThat(logged.path("outcome").asText()).isEqualTo("stream_error");
                assertThat(logged.path("provider").asText()).isEqualTo("local");
            }
        }
    }

    @Test
    void streamWithoutDoneAfterAFinishReason_isCompletedPromptly() throws Exception {
        try (FakeUpstream up = FakeUpstream.start().on("/models", Script.models("m1"))) {
            up.enqueue(Script.chatStream("m1", List.of("all", " done")).noDone());
            try (Gateway g = Gateway.start(dir, yaml(up), Map.of())) {
                HttpResponse<String> r = g.post("/v1/chat/completions", STREAM, Gateway.ADMIN_KEY);
                assertThat(r.body()).contains("all").contains(" done").endsWith("data: [DONE]\n\n");
                assertThat(lastRequest(g).path("outcome").asText()).isEqualTo("ok");
            }
        }
    }

    @Test
    void aStreamRunningPastTheRequestBudget_endsWithAnErrorEvent() throws Exception {
        dev.tollfree.testkit.ManualClock clock = dev.tollfree.testkit.ManualClock.at("2026-11-22T10:00:00Z");
        CountDownLatch never = new CountDownLatch(1);
        try (FakeUpstream up = FakeUpstream.start().on("/models", Script.models("m1"))) {
            up.enqueue(Script.chatStream("m1", List.of("one ", "two ", "three ", "four")).pauseAfter(3, never));
            String yaml = "server:\n  request_timeout: 20s\nrouting:\n  idle_timeout: 10m\n" + yaml(up);
            try (Gateway g = Gateway.start(dir, yaml, clock); java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
                var response = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(g.v1() + "/chat/completions"))
                        .header("Authorization", "Bearer " + Gateway.ADMIN_KEY)
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(STREAM)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofLines());
                StringBuilder seen = new StringBuilder();
                int[] data = {0};
                response.body().forEach(line -> {
                    seen.append(line).append('\n');
                    if (line.startsWith("data: ") && ++data[0] == 3) {
                        clock.advance(Duration.ofSeconds(21));
                    }
                });
                assertThat(seen.toString()).contains("two ").contains("stream_interrupted").contains("time budget").doesNotContain("[DONE]");
            } finally {
                never.countDown();
            }
        }
    }
}
