package dev.tollfree.core.quota;

import static dev.tollfree.core.quota.Ledgers.GROQ_70B;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollfree.core.InMemoryStore;
import dev.tollfree.core.catalog.Limits;
import dev.tollfree.testkit.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Hundreds of virtual threads reserving at once never jointly pass a limit. The clock stands
 * still, so every grant falls in the same minute and the same day.
 */
class QuotaLedgerConcurrencyTest {
    private static final int THREADS = 400;
    private final ManualClock clock = ManualClock.at("2026-03-04T10:00:00Z");

    /** Runs {@code task(i)} for i in [0, n) on virtual threads released together; fails on any error. */
    private static void race(int n, Consumer<Integer> task) throws InterruptedException {
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
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void concurrentReservations_grantExactlyTheRequestLimit() throws Exception {
        QuotaLedger ledger = Ledgers.ledger(clock);
        AtomicLong grants = new AtomicLong();

        race(THREADS, i -> {
            if (ledger.tryReserve(GROQ_70B, new Limits(100, 1_000, 0, 0, false), Limits.NONE, 10, 10) instanceof Reservation) {
                grants.incrementAndGet();
            }
        });

        assertThat(grants.get()).isEqualTo(100);
        assertThat(ledger.status(GROQ_70B).orElseThrow().rpm().used()).isEqualTo(100);
    }

    @Test
    void concurrentReservations_neverPassTheTokenLimit_andFillIt() throws Exception {
        QuotaLedger ledger = Ledgers.ledger(clock);
        AtomicLong tokens = new AtomicLong();
        AtomicLong grants = new AtomicLong();

        race(THREADS, i -> {
            long cost = 1 + (i * 37L) % 100;
            if (ledger.tryReserve(GROQ_70B, new Limits(0, 0, 5_000, 0, false), Limits.NONE, cost, 0) instanceof Reservation) {
                tokens.addAndGet(cost);
                grants.incrementAndGet();
            }
        });

        assertThat(tokens.get()).isLessThanOrEqualTo(5_000).isEqualTo(ledger.status(GROQ_70B).orElseThrow().tpm().used());
        assertThat(tokens.get()).as("a denied request needed more than was left").isGreaterThan(5_000 - 100);
        assertThat(grants.get()).isLessThan(THREADS);
    }

    @Test
    void concurrentReservations_onSeveralModels_shareTheAccountLimit() throws Exception {
        QuotaLedger ledger = Ledgers.ledger(clock);
        AtomicLong[] perModel = {new AtomicLong(), new AtomicLong(), new AtomicLong(), new AtomicLong()};

        race(THREADS, i -> {
            QuotaKey key = new QuotaKey("openrouter", "key7", "model-" + (i % 4));
            if (ledger.tryReserve(key, new Limits(40, 0, 0, 0, false), new Limits(0, 130, 0, 0, false), 5, 5) instanceof Reservation) {
                perModel[i % 4].incrementAndGet();
            }
        });

        long total = 0;
        for (AtomicLong m : perModel) {
            assertThat(m.get()).isLessThanOrEqualTo(40);
            total += m.get();
        }
        assertThat(total).isEqualTo(130);
        assertThat(ledger.status(QuotaKey.account("openrouter", "key7")).orElseThrow().rpd().used()).isEqualTo(130);
    }

    @Test
    void concurrentCommitsAndReleases_leaveExactCounts() throws Exception {
        QuotaLedger ledger = Ledgers.ledger(clock);
        AtomicLong kept = new AtomicLong();
        AtomicLong keptTokens = new AtomicLong();

        race(THREADS, i -> {
            if (ledger.tryReserve(GROQ_70B, Limits.NONE, Limits.NONE, 100, 50) instanceof Reservation r) {
                if (i % 3 == 0) {
                    r.release();
                    r.commit(1, 1); // ignored: already settled
                } else {
                    r.commit(i % 200, 7);
                    kept.incrementAndGet();
                    keptTokens.addAndGet(i % 200 + 7);
                }
            }
        });

        QuotaStatus s = ledger.status(GROQ_70B).orElseThrow();
        assertThat(s.rpd().used()).isEqualTo(kept.get());
        assertThat(s.tpd().used()).isEqualTo(keptTokens.get());
        assertThat(s.tpm().used()).isEqualTo(keptTokens.get());
        assertThat(s.inFlight()).isZero();
    }

    @Test
    void reservationsRacingTheSnapshotWriter_loseNoCount_whileIdleScopesAreEvicted() throws Exception {
        InMemoryStore.Quota store = new InMemoryStore.Quota();
        QuotaLedger ledger = QuotaLedger.create(Ledgers.MANUAL.withEvictAfter(Duration.ZERO), clock, store);
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong flushes = new AtomicLong();
        Thread writer = Thread.ofVirtual().start(() -> {
            while (!done.get()) {
                ledger.flush();
                flushes.incrementAndGet();
            }
        });
        int keys = 8;
        AtomicLong[] kept = new AtomicLong[keys];
        for (int k = 0; k < keys; k++) {
            kept[k] = new AtomicLong();
        }

        race(THREADS, i -> {
            for (int round = 0; round < 20; round++) {
                int k = (i + round) % keys;
                QuotaKey key = new QuotaKey("groq", "key" + k, "m");
                if (ledger.tryReserve(key, Limits.NONE, Limits.NONE, 1, 0) instanceof Reservation r) {
                    if ((i + round) % 5 == 0) {
                        r.commit(1, 0);
                        kept[k].incrementAndGet();
                    } else {
                        r.release(); // the scope may go idle here and be evicted by the writer
                    }
                }
            }
        });
        done.set(true);
        writer.join();

        assertThat(flushes.get()).isPositive();
        List<Long> counted = new ArrayList<>();
        List<Long> expected = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
            expected.add(kept[k].get());
            counted.add(ledger.status(new QuotaKey("groq", "key" + k, "m")).map(s -> s.rpd().used()).orElse(0L));
        }
        assertThat(counted).isEqualTo(expected);
        ledger.flush();
        for (int k = 0; k < keys; k++) {
            long stored = store.row(new dev.tollfree.core.store.QuotaStore.Slot("groq", "key" + k, "m"))
                    .map(dev.tollfree.core.store.QuotaStore.Row::dayRequests).orElse(0L);
            assertThat(stored).isEqualTo(kept[k].get());
        }
    }
}
