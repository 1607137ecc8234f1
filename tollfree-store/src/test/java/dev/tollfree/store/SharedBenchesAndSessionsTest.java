package dev.tollfree.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollfree.core.routing.Cooldowns;
import dev.tollfree.core.routing.FailureClass;
import dev.tollfree.core.routing.SessionAffinity;
import dev.tollfree.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two gateways on one Redis see each other's benches and sticky sessions. */
class SharedBenchesAndSessionsTest {
    private final ManualClock clock = ManualClock.at("2026-03-04T10:00:00Z");
    private RedisSettings settings;
    private SharedRedis redisA;
    private SharedRedis redisB;
    private final SharedFallback fallbackA = new SharedFallback(SharedLedgerEquivalenceTest.local(clock), 2_000);
    private final SharedFallback fallbackB = new SharedFallback(SharedLedgerEquivalenceTest.local(clock), 2_000);

    @BeforeEach
    void connect() {
        settings = RedisTestSupport.fresh();
        redisA = SharedRedis.connect(settings);
        redisB = SharedRedis.connect(settings);
    }

    @AfterEach
    void wipe() {
        if (redisA != null) {
            RedisTestSupport.wipe(redisA);
            redisA.close();
        }
        if (redisB != null) {
            redisB.close();
        }
    }

    /** Waits a bounded time for a message another gateway published to arrive. */
    private static void eventually(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void aBenchSetOnOneGateway_reachesTheOther_withItsCauseAndEnd() {
        Cooldowns a = new Cooldowns(clock);
        Cooldowns b = new Cooldowns(clock);
        RedisBenches.attach(redisA, clock, a, "a", fallbackA);
        RedisBenches.attach(redisB, clock, b, "b", fallbackB);

        a.mergeShared("ignored", new Cooldowns.Bench(clock.instant().plusSeconds(5), FailureClass.TRANSIENT, "merged, not replicated"));
        a.benchKey(new dev.tollfree.core.routing.KeyRef(7, "groq", "main", "sealed"), Duration.ofMinutes(10), FailureClass.CREDENTIAL,
                "HTTP 401 [invalid_api_key]: Invalid API Key");

        eventually(() -> !b.inForce().isEmpty(), "the bench set on gateway a shows on gateway b");
        assertThat(b.inForce()).containsExactly(new Cooldowns.Held("k:key7",
                new Cooldowns.Bench(clock.instant().plus(Duration.ofMinutes(10)), FailureClass.CREDENTIAL, "HTTP 401 [invalid_api_key]: Invalid API Key")));
    }

    @Test
    void aGatewayStartedLater_readsTheBenchesInForce_andAClearedKeyIsClearedEverywhere() {
        Cooldowns a = new Cooldowns(clock);
        RedisBenches.attach(redisA, clock, a, "a", fallbackA);
        dev.tollfree.core.routing.KeyRef key = new dev.tollfree.core.routing.KeyRef(3, "cerebras", "main", "sealed");
        a.benchKey(key, Duration.ofHours(6), FailureClass.OUT_OF_CREDITS, "HTTP 402: out of credits");

        Cooldowns late = new Cooldowns(clock);
        RedisBenches.attach(redisB, clock, late, "b", fallbackB);
        assertThat(late.inForce()).extracting(Cooldowns.Held::slot).containsExactly("k:key3");

        a.clearKey(key);
        eventually(() -> late.inForce().isEmpty(), "the key cleared on gateway a is cleared on gateway b");
        Cooldowns later = new Cooldowns(clock);
        RedisBenches.attach(redisB, clock, later, "c", fallbackB);
        assertThat(later.inForce()).isEmpty();
    }

    @Test
    void aConversationServedByOneGateway_staysOnItsRoute_onTheOther() {
        SessionAffinity.Memory a = new RedisSessions(redisA, clock, SessionAffinity.localMemory(clock, 100), fallbackA);
        SessionAffinity.Memory b = new RedisSessions(redisB, clock, SessionAffinity.localMemory(clock, 100), fallbackB);
        Instant expires = clock.instant().plus(Duration.ofMinutes(30));

        a.remember("id:conversation-42", "groq/llama-3.3-70b-versatile", expires);

        assertThat(b.route("id:conversation-42")).contains("groq/llama-3.3-70b-versatile");
        assertThat(b.route("id:someone-else")).isEmpty();
        assertThat(redisA.commands().pttl(redisA.ns() + "session:" + sha("id:conversation-42")))
                .as("expires in Redis with the session").isBetween(Duration.ofMinutes(29).toMillis(), Duration.ofMinutes(30).toMillis());
    }

    @Test
    void whileRedisIsAway_sessionsAreAnsweredFromThisGatewaysMemory() {
        SessionAffinity.Memory a = new RedisSessions(redisA, clock, SessionAffinity.localMemory(clock, 100), fallbackA);
        a.remember("id:c", "groq/m", clock.instant().plusSeconds(600));
        fallbackA.failed(clock.millis(), new RuntimeException("test outage"));

        assertThat(a.route("id:c")).isEqualTo(Optional.of("groq/m"));
        assertThat(fallbackA.active()).isTrue();
    }

    private static String sha(String s) throws RuntimeException {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
