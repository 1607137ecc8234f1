package dev.tollfree.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollfree.core.catalog.Limits;
import dev.tollfree.core.quota.QuotaKey;
import dev.tollfree.core.quota.QuotaLedger;
import dev.tollfree.core.quota.Reservation;
import dev.tollfree.testkit.ManualClock;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Three gateways, each with its own connection to one Redis, reserving from hundreds of threads
 * at once never jointly pass a limit that each would keep alone — the failure of gateways whose
 * replicas each spend the whole budget. The clock stands still, so every grant falls in one minute.
 */
class SharedLedgerConcurrencyTest {
    private static final int THREADS = 450;
    private static final QuotaKey KEY = new QuotaKey("groq", "key1", "llama-3.3-70b-versatile");
    private final ManualClock clock = ManualClock.at("2026-03-04T10:00:00Z");
    private final SharedRedis[] redis = new SharedRedis[3];
    private final QuotaLedger[] gateways = new QuotaLedger[3];

    @BeforeEach
    void connect() {
        RedisSettings settings = RedisTestSupport.fresh();
        for (int i = 0; i < 3; i++) {
            redis[i] = SharedRedis.connect(settings);
            gateways[i] = SharedLedgerEquivalenceTest.shared(redis[i], clock, "gateway-" + i);
        }
    }

    @AfterEach
    void wipe() {
        if (redis[0] != null) {
            RedisTestSupport.wipe(redis[0]);
        }
        for (SharedRedis r : redis) {
            if (r != null) {
                r.close();
            }
        }
    }

    private static void race(int n, IntConsumer task) throws InterruptedException {
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                int index = i;
                pool.submit(() -> {
                    try {
                        start.await();
                        task.accept(index);
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                });
            }
            start.countDown();
            pool.shutdown();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void threeGateways_grantExactlyTheRequestLimitTogether() throws Exception {
        AtomicLong grants = new AtomicLong();
        AtomicLong[] perGateway = {new AtomicLong(), new AtomicLong(), new AtomicLong()};

        race(THREADS, i -> {
            if (gateways[i % 3].tryReserve(KEY, new Limits(100, 1_000, 0, 0, false), Limits.NONE, 10, 10) instanceof Reservation) {
                grants.incrementAndGet();
                perGateway[i % 3].incrementAndGet();
            }
        });

        assertThat(grants.get()).isEqualTo(100);
        assertThat(perGateway[0].get() + perGateway[1].get() + perGateway[2].get()).isEqualTo(100);
        for (QuotaLedger g : gateways) {
            assertThat(g.status(KEY).orElseThrow().rpm().used()).isEqualTo(100);
            assertThat(g.status(KEY).orElseThrow().inFlight()).isEqualTo(100);
        }
    }

    @Test
    void threeGateways_neverPassTheTokenLimitOrTheAccountLimit() throws Exception {
        AtomicLong tokens = new AtomicLong();
        AtomicLong grants = new AtomicLong();
        Limits account = new Limits(60, 0, 0, 0, false);

        race(THREADS, i -> {
            long cost = 1 + (i * 37L) % 100;
            QuotaKey key = new QuotaKey("groq", "key1", i % 2 == 0 ? "model-a" : "model-b");
            if (gateways[i % 3].tryReserve(key, new Limits(0, 0, 2_000, 0, false), account, cost, 0) instanceof Reservation) {
                tokens.addAndGet(cost);
                grants.incrementAndGet();
            }
        });

        assertThat(grants.get()).isLessThanOrEqualTo(60);
        var a = gateways[0].status(new QuotaKey("groq", "key1", "model-a")).orElseThrow();
        var b = gateways[1].status(new QuotaKey("groq", "key1", "model-b")).orElseThrow();
        assertThat(a.tpm().used()).isLessThanOrEqualTo(2_000);
        assertThat(b.tpm().used()).isLessThanOrEqualTo(2_000);
        assertThat(a.tpm().used() + b.tpm().used()).isEqualTo(tokens.get());
        assertThat(gateways[2].status(QuotaKey.account("groq", "key1")).orElseThrow().rpm().used()).isEqualTo(grants.get());
    }

    @Test
    void settlingOnOneGateway_freesTheBudgetForAll() throws Exception {
        Reservation[] held = new Reservation[100];
        AtomicLong next = new AtomicLong();
        race(THREADS, i -> {
            if (gateways[i % 3].tryReserve(KEY, new Limits(100, 0, 0, 0, false), Limits.NONE, 10, 10) instanceof Reservation r) {
                held[(int) next.getAndIncrement()] = r;
            }
        });
        assertThat(next.get()).isEqualTo(100);

        race(100, i -> {
            if (i % 2 == 0) {
                held[i].release();
            } else {
                held[i].commit(8, 4);
            }
        });

        var s = gateways[2].status(KEY).orElseThrow();
        assertThat(s.rpm().used()).isEqualTo(50);
        assertThat(s.tpm().used()).isEqualTo(50 * 12);
        assertThat(s.inFlight()).isZero();
        AtomicLong again = new AtomicLong();
        race(THREADS, i -> {
            if (gateways[i % 3].tryReserve(KEY, new Limits(100, 0, 0, 0, false), Limits.NONE, 10, 10) instanceof Reservation) {
                again.incrementAndGet();
            }
        });
        assertThat(again.get()).isEqualTo(50);
    }
}
