package dev.tollfree.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollfree.testkit.FakeUpstream;
import dev.tollfree.testkit.Script;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Model discovery through the admin API: new upstream models appear disabled, vanished ones are flagged and kept. */
@Timeout(60)
class DiscoveryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    FakeUpstream up;
    Gateway g;
    final AtomicReference<Script> modelList = new AtomicReference<>(Script.models("m1", "m2"));

    @BeforeEach
    void start() {
        up = FakeUpstream.start().handler(r -> r.path().endsWith("/models")
                ? modelList.get()
                : Script.chatCompletion("m2", "hello from m2"));
        g = Gateway.start(dir, Gateway.withProviders("""
                local:
                  base_url: %s/v1
                  format: openai
                  models:
                    - { id: m1, context_window: 8192 }
                    - { id: m-old, context_window: 8192 }
                """.formatted(up.baseUrl())), Map.of());
    }

    @AfterEach
    void stop() {
        g.close();
        up.close();
    }

    private JsonNode model(String id) throws Exception {
        HttpResponse<String> r = g.get("/api/models", Gateway.ADMIN_KEY);
        assertThat(r.statusCode()).isEqualTo(200);
        for (JsonNode m : JSON.readTree(r.body()).path("data")) {
            if (m.path("id").asText().equals(id)) {
                return m;
            }
        }
        throw new AssertionError("GET /api/models does not list " + id + ": " + r.body());
    }

    private HttpResponse<String> patch(String body) {
        return g.send(HttpRequest.newBuilder(URI.create(g.baseUrl() + "/api/models"))
                .header("Authorization", "Bearer " + Gateway.ADMIN_KEY).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private HttpResponse<String> chat(String model) {
        return g.post("/v1/chat/completions", "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                Gateway.ADMIN_KEY);
    }

    @Test
    void discover_newModelAppearsDisabled_canBeEnabled_andThenServes() throws Exception {
        HttpResponse<String> report = g.post("/api/models/discover", "{\"provider\":\"local\"}", Gateway.ADMIN_KEY);

        assertThat(report.statusCode()).isEqualTo(200);
        JsonNode local = JSON.readTree(report.body()).path("data").get(0);
        assertThat(local.path("provider").asText()).isEqualTo("local");
        assertThat(local.path("status").asText()).isEqualTo("listed");
        assertThat(local.path("known").asInt()).isEqualTo(1);
        assertThat(local.path("new").asInt()).isEqualTo(1);
        assertThat(local.path("vanished").asInt()).isEqualTo(1);
        JsonNode m2 = model("local/m2");
        assertThat(m2.path("enabled").asBoolean()).isFalse();
        assertThat(m2.path("servable").asBoolean()).isFalse();
        assertThat(m2.path("discovered").asBoolean()).isTrue();
        assertThat(m2.path("context_window").asInt()).isEqualTo(8192);
        assertThat(m2.path("vanished_since").isNull()).isTrue();
        assertThat(chat("local/m2").statusCode()).isNotEqualTo(200);

        HttpResponse<String> enabled = patch("{\"model\":\"local/m2\",\"enabled\":true}");
        assertThat(enabled.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(enabled.body()).path("enabled").asBoolean()).isTrue();

        HttpResponse<String> answer = chat("local/m2");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("X-Routed-Via")).contains("local/m2");
        assertThat(JSON.readTree(answer.body()).path("choices").get(0).path("message").path("content").asText()).isEqualTo("hello from m2");
    }

    @Test
    void discover_vanishedModelIsFlaggedButStillListedAndServing() throws Exception {
        assertThat(g.post("/api/models/discover", "", Gateway.ADMIN_KEY).statusCode()).isEqualTo(200);

        JsonNode old = model("local/m-old");
        assertThat(old.path("vanished_since").asText()).isNotBlank();
        assertThat(old.path("discovered").asBoolean()).isFalse();
        assertThat(old.path("enabled").asBoolean()).isTrue();
        assertThat(old.path("servable").asBoolean()).isTrue();
        assertThat(model("local/m1").path("vanished_since").isNull()).isTrue();

        modelList.set(Script.models("m1", "m-old"));
        assertThat(g.post("/api/models/discover", "{\"provider\":\"local\"}", Gateway.ADMIN_KEY).statusCode()).isEqualTo(200);
        assertThat(model("local/m-old").path("vanished_since").isNull()).isTrue();
        assertThat(model("local/m2").path("vanished_since").asText()).isNotBlank();
    }

    @Test
    void discover_failedListFlagsNothing_andEveryProviderIsReportedWithoutLeavingTheMachine() throws Exception {
        modelList.set(Script.error(500, "boom", "server_error", "internal"));

        HttpResponse<String> report = g.post("/api/models/discover", "{}", Gateway.ADMIN_KEY);

        assertThat(report.statusCode()).isEqualTo(200);
        JsonNode data = JSON.readTree(report.body()).path("data");
        assertThat(data).hasSize(1);
        assertThat(data.get(0).path("status").asText()).isEqualTo("failed");
        assertThat(data.get(0).path("error").asText()).contains("500");
        assertThat(model("local/m-old").path("vanished_since").isNull()).isTrue();
    }

    @Test
    void discover_unknownProvider_is404_andNonAdminKeysAreRefused() throws Exception {
        HttpResponse<String> unknown = g.post("/api/models/discover", "{\"provider\":\"nope\"}", Gateway.ADMIN_KEY);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).path("error").path("code").asText()).isEqualTo("provider_not_found");
        assertThat(g.post("/api/models/discover", "", null).statusCode()).isEqualTo(401);
    }
}
