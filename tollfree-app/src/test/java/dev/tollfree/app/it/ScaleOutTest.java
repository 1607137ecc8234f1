package dev.tollfree.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollfree.testkit.FakeUpstream;
import dev.tollfree.testkit.ManualClock;
import dev.tollfree.testkit.Script;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two gateways behind one load balancer, sharing one PostgreSQL database and one Redis, as the
 * scale-out deployment runs them: together they keep a provider's limit (not twice it), a key one
 * of them found rejected is not tried by the other, and a conversation stays on its model whichever
 * gateway serves the next turn. Skipped, saying what is missing, without PostgreSQL
 * ({@code TOLLFREE_TEST_PG_URL}) or Redis ({@code TOLLFREE_TEST_REDIS_URL}) on 127.0.0.1.
 */
@Timeout(120)
class ScaleOutTest {
    private static final String PG = System.getenv().getOrDefault("TOLLFREE_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    private static final String REDIS = System.getenv().getOrDefault("TOLLFREE_TEST_REDIS_URL", "redis://127.0.0.1:6379");
    private static final String MASTER_KEY = "q2Ovm0sJ5xg2rJp5m8Xk3Y7nZb1cD4eF6gH8iJ0kL2M=";
    private static final String CHAT = "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @TempDir
    Path dir;
    private final ManualClock clock = ManualClock.at("2026-11-22T10:00:00Z");
    private String schema;
    private String prefix;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void services() throws SQLException {
        Assumptions.assumeTrue(reachable(URI.create(REDIS).getHost(), URI.create(REDIS).getPort()),
                "Redis not reachable at " + REDIS + " — start it to run the scale-out tests");
        try (Connection c = DriverManager.getConnection(PG)) {
            schema = "tf_scale_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
            try (Statement st = c.createStatement()) {
                st.execute("CREATE SCHEMA " + schema);
            }
        } catch (SQLException e) {
            Assumptions.abort("PostgreSQL not reachable at " + PG + " — start it to run the scale-out tests (" + e.getMessage() + ")");
        }
        prefix = "tftest-" + schema;
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        if (schema != null) {
            try (Connection c = DriverManager.getConnection(PG); Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
            RedisClient client = RedisClient.create(REDIS);
            try (StatefulRedisConnection<String, String> c = client.connect()) {
                List<String> keys = c.sync().keys(prefix + ":*");
                if (!keys.isEmpty()) {
                    c.sync().del(keys.toArray(String[]::new));
                }
            } finally {
                client.shutdown();
            }
        }
    }

    private static boolean reachable(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port > 0 ? port : 6379), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private Gateway gateway(String name, String yaml, Map<String, String> env) {
        Map<String, String> all = new java.util.HashMap<>(Map.of(
                "TOLLFREE_DATABASE_URL", PG + "&currentSchema=" + schema,
                "TOLLFREE_REDIS_URL", REDIS,
                "TOLLFREE_REDIS_PREFIX", prefix,
                "TOLLFREE_MASTER_KEY", MASTER_KEY));
        all.putAll(env);
        Gateway g = Gateway.start(dir.resolve(name), yaml, all, clock);
        open.add(g);
        return g;
    }

    private static HttpRequest chat(Gateway g, String body, String session) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(g.v1() + "/chat/completions"))
                .header("Authorization", "Bearer " + Gateway.ADMIN_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            b.header("X-Session-Id", session);
        }
        return b.build();
    }

    private static String routed(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.headers().firstValue("X-Routed-Via").orElse("");
    }

    @Test
    void twoGateways_togetherKeepTheProvidersLimit_notTwiceIt() throws Exception {
        Deque<java.time.Instant> window = new ArrayDeque<>();
        AtomicInteger overLimit = new AtomicInteger();
        int limit = 20;
        FakeUpstream up = FakeUpstream.start();
        open.add(up);
        up.handler(r -> {
            if (r.path().endsWith("/models")) {
                return Script.models("m1");
            }
            synchronized (window) { // the provider's own rolling minute, on the same clock
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
        String yaml = Gateway.withProviders("""
                limited:
                  base_url: %s/v1
                  format: openai
                  models:
                    - { id: m1, context_window: 8192, limits: { rpm: %d } }
                """.formatted(up.baseUrl(), limit));
        Gateway a = gateway("a", yaml, Map.of());
        Gateway b = gateway("b", yaml, Map.of());

        int ok = 0;
        int limited = 0;
        int[] served = new int[2];
        try (HttpClient http = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build()) {
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                calls.add(http.sendAsync(chat(i % 2 == 0 ? a : b, CHAT, null), HttpResponse.BodyHandlers.ofString()));
            }
            for (int i = 0; i < calls.size(); i++) {
                HttpResponse<String> r = calls.get(i).get();
                if (r.statusCode() == 200) {
                    ok++;
                    served[i % 2]++;
                } else {
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
                    assertThat(r.body()).contains("all_routes_rate_limited");
                    assertThat(r.headers().firstValue("Retry-After")).isPresent();
                    limited++;
                }
            }
        }

        assertThat(overLimit.get()).as("requests the provider had to refuse").isZero();
        assertThat(ok).as("served by both gateways together").isEqualTo(limit);
        assertThat(limited).isEqualTo(300 - limit);
        assertThat(served[0] + served[1]).isEqualTo(limit);
        for (Gateway g : List.of(a, b)) {
            assertThat(g.get("/api/quota", Gateway.ADMIN_KEY).body()).contains("\"rpm\":{\"used\":" + limit + ",\"limit\":" + limit);
        }
        assertThat(b.get("/readyz", null).body()).as("b, started second, counted both at its start")
                .contains("\"shared_state\":{\"redis\":\"ok\",\"gateways\":2}");
        clock.advance(Duration.ofSeconds(62));
        assertThat(b.send(chat(b, CHAT, null)).statusCode()).isEqualTo(200);
    }

    @Test
    void aKeyOneGatewayFoundRejected_isNotTriedByTheOther() throws Exception {
        FakeUpstream primary = FakeUpstream.start();
        FakeUpstream backup = FakeUpstream.start();
        open.add(primary);
        open.add(backup);
        primary.setDefault(Script.error(401, "Invalid API Key", "invalid_request_error", "invalid_api_key"));
        backup.setDefault(Script.chatCompletion("m2", "from backup"));
        String yaml = Gateway.withProviders("""
                primary:
                  base_url: %s/v1
                  format: openai
                  keys:
                    - { label: main, key: sk-revoked-0123456789 }
                  models:
                    - { id: m1, context_window: 8192, intelligence: 90 }
                backup:
                  base_url: %s/v1
                  format: openai
                  models:
                    - { id: m2, context_window: 8192, intelligence: 80 }
                """.formatted(primary.baseUrl(), backup.baseUrl()));
        Gateway a = gateway("a", yaml, Map.of());
        Gateway b = gateway("b", yaml, Map.of());

        assertThat(routed(a.send(chat(a, CHAT, null)))).isEqualTo("backup/m2");
        long chatCalls = primary.requests().stream().filter(r -> r.path().endsWith("/chat/completions")).count();
        assertThat(chatCalls).isEqualTo(1);
        awaitBench(b);

        assertThat(routed(b.send(chat(b, CHAT, null)))).isEqualTo("backup/m2");
        assertThat(primary.requests().stream().filter(r -> r.path().endsWith("/chat/completions")).count())
                .as("gateway b never sent the rejected key").isEqualTo(chatCalls);
        assertThat(b.get("/api/benches", Gateway.ADMIN_KEY).body())
                .contains("\"scope\":\"key\"", "\"cause\":\"credential\"", "invalid_api_key")
                .doesNotContain("sk-revoked-0123456789");
    }

    /** The bench reaches the other gateway through Redis within milliseconds; wait for it, boundedly. */
    private static void awaitBench(Gateway g) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!g.get("/api/benches", Gateway.ADMIN_KEY).body().contains("\"scope\":\"key\"")) {
            assertThat(System.nanoTime()).as("the bench set by the other gateway arrives within 10 s").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    @Test
    void aConversationStaysOnItsModel_whicheverGatewayServesTheNextTurn() throws Exception {
        FakeUpstream first = FakeUpstream.start();
        FakeUpstream second = FakeUpstream.start();
        open.add(first);
        open.add(second);
        first.enqueue(Script.error(503, "overloaded", "server_error", null));
        first.enqueue(Script.error(503, "overloaded", "server_error", null));
        first.setDefault(Script.chatCompletion("m1", "from first"));
        second.setDefault(Script.chatCompletion("m2", "from second"));
        String yaml = Gateway.withProviders("""
                first:
                  base_url: %s/v1
                  format: openai
                  models:
                    - { id: m1, context_window: 8192, intelligence: 90 }
                second:
                  base_url: %s/v1
                  format: openai
                  models:
                    - { id: m2, context_window: 8192, intelligence: 80 }
                """.formatted(first.baseUrl(), second.baseUrl()));
        Gateway a = gateway("a", yaml, Map.of());
        Gateway b = gateway("b", yaml, Map.of());

        assertThat(routed(a.send(chat(a, CHAT, "conversation-7")))).as("the first provider failed twice").isEqualTo("second/m2");
        clock.advance(Duration.ofSeconds(6)); // past the short bench a set on first/m1, which b shares too
        assertThat(routed(b.send(chat(b, CHAT, null)))).as("a new conversation on b gets the first choice").isEqualTo("first/m1");

        assertThat(routed(b.send(chat(b, CHAT, "conversation-7")))).as("the conversation stays where it was served").isEqualTo("second/m2");
    }
}
