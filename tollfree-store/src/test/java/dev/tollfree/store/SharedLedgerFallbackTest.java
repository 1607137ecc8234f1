package dev.tollfree.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollfree.core.catalog.Limits;
import dev.tollfree.core.quota.Admission;
import dev.tollfree.core.quota.Denial;
import dev.tollfree.core.quota.QuotaKey;
import dev.tollfree.core.quota.QuotaWindow;
import dev.tollfree.core.quota.Reservation;
import dev.tollfree.core.store.StoreException;
import dev.tollfree.testkit.ManualClock;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Redis going away while gateways serve: each gateway keeps counting on its own with its share of
 * every limit, says so once, and goes back to the shared counts when Redis answers again. Redis is
 * reached through a relay the test cuts and mends.
 */
class SharedLedgerFallbackTest {
    private static final QuotaKey KEY = new QuotaKey("groq", "key1", "llama-3.1-8b-instant");
    private static final Limits TEN = new Limits(10, 0, 0, 0, false);
    private final ManualClock clock = ManualClock.at("2026-03-04T10:00:00Z");
    private TcpRelay relay;
    private SharedRedis redis;
    private SharedFallback fallback;
    private RedisQuotaLedger ledger;

    @BeforeEach
    void connect() throws Exception {
        RedisSettings direct = RedisTestSupport.fresh();
        URI target = URI.create(direct.url());
        relay = new TcpRelay(target.getHost(), target.getPort() > 0 ? target.getPort() : 6379);
        redis = SharedRedis.connect(new RedisSettings("redis://127.0.0.1:" + relay.port(), direct.prefix(), Duration.ofSeconds(1)));
        fallback = new SharedFallback(SharedLedgerEquivalenceTest.local(clock), 2_000);
        ledger = new RedisQuotaLedger(redis, clock, Duration.ofHours(1), Duration.ofMinutes(30), "gateway-a", fallback);
    }

    @AfterEach
    void close() {
        if (relay != null) {
            relay.mend();
        }
        if (redis != null) {
            awaitShared();
            RedisTestSupport.wipe(redis);
            redis.close();
        }
        if (relay != null) {
            relay.close();
        }
    }

    private Admission reserve() {
        return ledger.tryReserve(KEY, TEN, Limits.NONE, 10, 10);
    }

    /** Waits (a bounded time) until the client has reconnected after the relay was mended. */
    private void awaitShared() {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                redis.commands().ping();
                return;
            } catch (RuntimeException e) {
                Thread.onSpinWait();
            }
        }
        throw new AssertionError("Redis did not answer again within 20 s of the relay being mended");
    }

    @Test
    void whileRedisIsAway_eachGatewayKeepsItsShareOfTheLimit_thenTheSharedCountsResume() {
        fallback.peers(2);
        for (int i = 0; i < 3; i++) {
            assertThat(reserve()).isInstanceOf(Reservation.class);
        }
        assertThat(fallback.active()).isFalse();

        relay.cut();
        int granted = 0;
        for (int i = 0; i < 8; i++) {
            if (reserve() instanceof Reservation) {
                granted++;
            }
        }
        assertThat(fallback.active()).isTrue();
        assertThat(granted).as("10 per minute shared by 2 gateways: 5 for this one while it counts alone").isEqualTo(5);
        Denial d = (Denial) reserve();
        assertThat(d.detail()).isEqualTo("5 of 5 requests per minute used");

        relay.mend();
        awaitShared();
        clock.advance(Duration.ofSeconds(2));
        assertThat(reserve()).isInstanceOf(Reservation.class);
        assertThat(fallback.active()).isFalse();
        assertThat(ledger.status(KEY).orElseThrow().rpm().used()).as("the shared count: the 3 before and 1 after").isEqualTo(4);
    }

    @Test
    void oneSlowAnswer_isWaitedForOnceMore_andIsNoOutage() throws Exception {
        assertThat(reserve()).isInstanceOf(Reservation.class);
        relay.hold(); // Redis stops answering for longer than one timeout (1 s), less than two
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(1_500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            relay.release();
        });

        assertThat(reserve()).isInstanceOf(Reservation.class);
        assertThat(fallback.active()).as("a slow answer is not an outage").isFalse();
        assertThat(ledger.status(KEY).orElseThrow().rpm().used()).as("at least the two, at most one more counted twice").isBetween(2L, 3L);
    }

    @Test
    void aRedisThatHoldsEveryAnswer_isAnOutage_afterTheSecondTimeout() {
        fallback.peers(2);
        relay.hold();

        assertThat(reserve()).isInstanceOf(Reservation.class);
        assertThat(fallback.active()).isTrue();
        relay.release();
    }

    @Test
    void aReservationSettledWhileRedisIsAway_doesNotThrow_andStaysCountedAtItsEstimate() {
        Reservation r = (Reservation) reserve();
        relay.cut();

        assertThat(r.commit(50, 50)).isTrue();
        ledger.observeLimitHit(KEY, QuotaWindow.MINUTE, Optional.of(Duration.ofSeconds(5)), clock.instant());

        relay.mend();
        awaitShared();
        clock.advance(Duration.ofSeconds(2));
        var s = ledger.status(KEY).orElseThrow();
        assertThat(s.rpm().used()).isEqualTo(1);
        assertThat(s.tpm().used()).as("the estimate, not the 100 the provider reported").isEqualTo(20);
    }

    @Test
    void noRedisAtStart_isAClearError_withThePasswordMasked() {
        assertThatThrownBy(() -> SharedRedis.connect(new RedisSettings("redis://:s3cret-pass@127.0.0.1:1", "tf", Duration.ofMillis(200))))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("could not connect to Redis at redis://:****@127.0.0.1:1")
                .message().doesNotContain("s3cret-pass");
    }
}
