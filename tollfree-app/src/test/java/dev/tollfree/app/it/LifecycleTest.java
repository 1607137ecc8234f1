package dev.tollfree.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollfree.testkit.FakeUpstream;
import dev.tollfree.testkit.Script;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Start, stop, restart: what survives, what is created once, and how a wrong master key is refused. */
@Timeout(60)
class LifecycleTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static JsonNode json(String body) throws Exception {
        return JSON.readTree(body);
    }

    @Test
    void firstStart_createsKeyFile0600_andPrintsAGeneratedAdminKeyOnce() throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        String key;
        try (Gateway g = Gateway.start(dir, Gateway.NO_NETWORK, Map.of("TOLLFREE_BOOTSTRAP_KEY", ""), new PrintStream(console, true, StandardCharsets.UTF_8))) {
            String printed = console.toString(StandardCharsets.UTF_8);
            assertThat(printed).containsPattern("tf-[A-Za-z0-9]{40}");
            key = printed.replaceAll("(?s).*?(tf-[A-Za-z0-9]{40}).*", "$1");
            assertThat(g.get("/v1/models", key).statusCode()).isEqualTo(200);
        }
        Path keyFile = dir.resolve("master.key");
        assertThat(Files.getPosixFilePermissions(keyFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Base64.getDecoder().decode(Files.readString(keyFile).strip())).hasSize(32);

        ByteArrayOutputStream second = new ByteArrayOutputStream();
        try (Gateway g = Gateway.start(dir, Gateway.NO_NETWORK, Map.of("TOLLFREE_BOOTSTRAP_KEY", ""), new PrintStream(second, true, StandardCharsets.UTF_8))) {
            assertThat(second.toString(StandardCharsets.UTF_8)).doesNotContain("tf-");
            assertThat(g.get("/v1/models", key).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void providerKeysModelsAndRequestLog_surviveARestart_andKeysAreEncryptedAtRest() throws Exception {
        try (FakeUpstream up = FakeUpstream.start().on("/models", Script.models("m1"))) {
            up.setDefault(Script.chatCompletion("m1", "hi there"));
            String yaml = Gateway.withProviders("""
                    local:
                      base_url: %s/v1
                      format: openai
                      auth: bearer
                      models:
                        - id: m1
                          context_window: 8192
                    """.formatted(up.baseUrl()));
            try (Gateway g = Gateway.start(dir, yaml, Map.of())) {
                var added = g.post("/api/provider-keys", "{\"provider\":\"local\",\"label\":\"main\",\"key\":\"sk-super-secret-value-42\"}", Gateway.ADMIN_KEY);
                assertThat(added.statusCode()).isEqualTo(201);
                assertThat(added.body()).doesNotContain("sk-super-secret-value-42").contains("…");
                assertThat(g.post("/api/models", "", Gateway.ADMIN_KEY).statusCode()).isEqualTo(404); // PATCH only
                var chat = g.post("/v1/chat/completions", "{\"model\":\"m1\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", Gateway.ADMIN_KEY);
                assertThat(chat.statusCode()).isEqualTo(200);
                assertThat(up.requests("/chat/completions").getFirst().header("Authorization")).contains("Bearer sk-super-secret-value-42");
            }
            byte[] db = Files.readAllBytes(dir.resolve("tollfree.db"));
            byte[] wal = Files.exists(dir.resolve("tollfree.db-wal")) ? Files.readAllBytes(dir.resolve("tollfree.db-wal")) : new byte[0];
            assertThat(new String(db, StandardCharsets.ISO_8859_1) + new String(wal, StandardCharsets.ISO_8859_1)).doesNotContain("sk-super-secret-value-42");

            try (Gateway g = Gateway.start(dir, yaml, Map.of())) {
                JsonNode keys = json(g.get("/api/provider-keys", Gateway.ADMIN_KEY).body());
                assertThat(keys.path("data")).hasSize(1);
                assertThat(keys.path("data").get(0).path("label").asText()).isEqualTo("main");
                JsonNode log = json(g.get("/api/requests", Gateway.ADMIN_KEY).body());
                assertThat(log.path("data")).isNotEmpty();
                JsonNode row = log.path("data").get(0);
                assertThat(row.path("provider").asText()).isEqualTo("local");
                assertThat(row.path("status").asInt()).isEqualTo(200);
                assertThat(row.path("attempts")).hasSize(1);
                var chat = g.post("/v1/chat/completions", "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"again\"}]}", Gateway.ADMIN_KEY);
                assertThat(chat.statusCode()).isEqualTo(200);
            }
        }
    }

    @Test
    void wrongMasterKey_isAClearStartupErrorAndChangesNothing() throws Exception {
        try (Gateway g = Gateway.start(dir, Gateway.NO_NETWORK, Map.of())) {
            assertThat(g.get("/livez", null).statusCode()).isEqualTo(200);
        }
        byte[] before = Files.readAllBytes(dir.resolve("master.key"));
        String other = Base64.getEncoder().encodeToString(new byte[32]);

        assertThatThrownBy(() -> Gateway.start(dir, Gateway.NO_NETWORK, Map.of("TOLLFREE_MASTER_KEY", other)))
                .hasMessageContaining("not the key this database was created with")
                .hasMessageNotContaining(other);
        assertThat(Files.readAllBytes(dir.resolve("master.key"))).isEqualTo(before);
    }

    @Test
    void missingKeyFile_forAnExistingDatabase_isRefusedInsteadOfReKeying() throws Exception {
        try (Gateway g = Gateway.start(dir, Gateway.NO_NETWORK, Map.of())) {
            assertThat(g.get("/livez", null).statusCode()).isEqualTo(200);
        }
        Files.delete(dir.resolve("master.key"));

        assertThatThrownBy(() -> Gateway.start(dir, Gateway.NO_NETWORK, Map.of()))
                .hasMessageContaining("master key is missing")
                .hasMessageContaining("will not create a new key");
        assertThat(dir.resolve("master.key")).doesNotExist();
    }

    @Test
    void aRedisThatDoesNotAnswerAtStart_isAClearStartupError_withThePasswordMasked() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort(); // free once closed: nothing listens there
        }
        String url = "redis://:r3dis-secret@127.0.0.1:" + closedPort;

        assertThatThrownBy(() -> Gateway.start(dir, Gateway.NO_NETWORK, Map.of("TOLLFREE_REDIS_URL", url)))
                .hasMessageStartingWith("could not connect to Redis at redis://:****@127.0.0.1:" + closedPort)
                .hasMessageContaining("start Redis, or remove redis.url / TOLLFREE_REDIS_URL")
                .hasMessageNotContaining("r3dis-secret");
    }

    @Test
    void badMasterKeyFromEnvironment_namesTheProblemNotTheValue() {
        assertThatThrownBy(() -> Gateway.start(dir, Gateway.NO_NETWORK, Map.of("TOLLFREE_MASTER_KEY", "c2hvcnQ=")))
                .hasMessageContaining("32 bytes")
                .hasMessageNotContaining("c2hvcnQ=");
    }

    @Test
    void aDailyCapBench_survivesARestart_soTheCappedProviderIsNotCalledAgainToday() throws Exception {
        try (FakeUpstream capped = FakeUpstream.start().on("/models", Script.models("m1"));
             FakeUpstream other = FakeUpstream.start().on("/models", Script.models("m2"))) {
            capped.setDefault(Script.error(429, "Rate limit reached for model m1: requests per day (RPD): Limit 1000, Used 1000",
                    "rate_limit_error", "rate_limit_exceeded"));
            other.setDefault(Script.chatCompletion("m2", "ok"));
            String yaml = Gateway.withProviders("""
                    capped:
                      base_url: %s/v1
                      format: openai
                      models:
                        - { id: m1, context_window: 8192, intelligence: 90 }
                    other:
                      base_url: %s/v1
                      format: openai
                      models:
                        - { id: m2, context_window: 8192, intelligence: 50 }
                    """.formatted(capped.baseUrl(), other.baseUrl()));
            String chat = "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
            try (Gateway g = Gateway.start(dir, yaml, Map.of())) {
                assertThat(g.post("/v1/chat/completions", chat, Gateway.ADMIN_KEY).headers().firstValue("X-Routed-Via")).contains("other/m2");
            }
            assertThat(capped.requests("/chat/completions")).hasSize(1);

            try (Gateway g = Gateway.start(dir, yaml, Map.of())) {
                assertThat(g.post("/v1/chat/completions", chat, Gateway.ADMIN_KEY).headers().firstValue("X-Routed-Via")).contains("other/m2");
            }
            assertThat(capped.requests("/chat/completions")).as("benched until midnight UTC, across the restart").hasSize(1);
        }
    }
}
