package dev.tollfree.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollfree.testkit.FakeUpstream;
import dev.tollfree.testkit.ManualClock;
import dev.tollfree.testkit.Script;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Each gateway key's own request and token limits. */
@Timeout(60)
class CallerLimitsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHAT = "{\"model\":\"m1\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @TempDir
    Path dir;

    @Test
    void aKeyWithTwoRequestsPerMinute_getsItsOwn429_untilTheMinutePasses_andOtherKeysAreUnaffected() throws Exception {
        ManualClock clock = ManualClock.at("2026-11-22T10:00:00Z");
        try (FakeUpstream up = FakeUpstream.start().on("/models", Script.models("m1"))) {
            up.setDefault(Script.chatCompletion("m1", "ok"));
            try (Gateway g = Gateway.start(dir, Gateway.withProviders("""
                    local:
                      base_url: %s/v1
                      format: openai
                      models:
                        - { id: m1, context_window: 8192 }
                    """.formatted(up.baseUrl())), clock)) {
                var created = g.post("/api/keys", "{\"name\":\"app\",\"limits\":{\"rpm\":2}}", Gateway.ADMIN_KEY);
                assertThat(created.statusCode()).isEqualTo(201);
                assertThat(JSON.readTree(created.body()).path("limits").path("rpm").asInt()).isEqualTo(2);
                String app = JSON.readTree(created.body()).path("key").asText();

                assertThat(g.post("/v1/chat/completions", CHAT, app).statusCode()).isEqualTo(200);
                assertThat(g.post("/v1/chat/completions", CHAT, app).statusCode()).isEqualTo(200);
                HttpResponse<String> third = g.post("/v1/chat/completions", CHAT, app);
                assertThat(third.statusCode()).isEqualTo(429);
                assertThat(third.body()).contains("\"code\":\"key_rate_limited\"").contains("app");
                assertThat(third.headers().firstValue("Retry-After")).isPresent();
                assertThat(up.requests("/chat/completions")).hasSize(2);

                assertThat(g.post("/v1/chat/completions", CHAT, Gateway.ADMIN_KEY).statusCode()).isEqualTo(200);
                clock.advance(Duration.ofSeconds(62));
                assertThat(g.post("/v1/chat/completions", CHAT, app).statusCode()).isEqualTo(200);

                long id = JSON.readTree(created.body()).path("id").asLong();
                var lifted = g.send(HttpRequest.newBuilder(URI.create(g.baseUrl() + "/api/keys/" + id))
                        .header("Authorization", "Bearer " + Gateway.ADMIN_KEY)
                        .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"limits\":{\"rpm\":0}}")).build());
                assertThat(lifted.statusCode()).isEqualTo(200);
                for (int i = 0; i < 4; i++) {
                    assertThat(g.post("/v1/chat/completions", CHAT, app).statusCode()).isEqualTo(200);
                }
                var bad = g.send(HttpRequest.newBuilder(URI.create(g.baseUrl() + "/api/keys/" + id))
                        .header("Authorization", "Bearer " + Gateway.ADMIN_KEY)
                        .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"limits\":{\"rpx\":1}}")).build());
                assertThat(bad.statusCode()).isEqualTo(400);
                assertThat(JSON.readTree(bad.body()).path("error").path("param").asText()).isEqualTo("limits.rpx");
            }
        }
    }
}
