package dev.tollfree.bench;

import dev.tollfree.core.catalog.Limits;
import dev.tollfree.core.quota.Admission;
import dev.tollfree.core.quota.QuotaConfig;
import dev.tollfree.core.quota.QuotaKey;
import dev.tollfree.core.quota.QuotaLedger;
import dev.tollfree.core.quota.Reservation;
import dev.tollfree.core.store.QuotaStore;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Quota reservation (reserve, then commit with the real usage) on the in-memory ledger, with four
 * threads on two cores: all on one key and model (the contended case: every reservation takes the
 * same two locks), or each thread on its own key.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(4)
public class QuotaBenchmark {
    /** Large enough never to refuse, so every call checks and charges all four budgets. */
    private static final Limits LIMITS = new Limits(1_000_000_000_000L, 1_000_000_000_000L, 1_000_000_000_000_000L, 1_000_000_000_000_000L, false);

    @State(Scope.Benchmark)
    public static class Ledger {
        QuotaLedger ledger;
        final QuotaKey shared = new QuotaKey("groq", "key1", "llama-3.3-70b-versatile");
        final AtomicInteger threads = new AtomicInteger();

        @Setup(Level.Trial)
        public void open() {
            ledger = QuotaLedger.create(new QuotaConfig(Duration.ZERO, Duration.ofHours(1)), InstantSource.system(), new NoStore());
        }

        @TearDown(Level.Trial)
        public void close() {
            ledger.close();
        }
    }

    @State(Scope.Thread)
    public static class OwnKey {
        QuotaKey key;

        @Setup(Level.Trial)
        public void pick(Ledger l) {
            key = new QuotaKey("groq", "key" + (100 + l.threads.incrementAndGet()), "llama-3.3-70b-versatile");
        }
    }

    @Benchmark
    public boolean reserveCommitSameKey(Ledger l) {
        return settle(l.ledger.tryReserve(l.shared, LIMITS, LIMITS, 500, 200));
    }

    @Benchmark
    public boolean reserveCommitOwnKey(Ledger l, OwnKey k) {
        return settle(l.ledger.tryReserve(k.key, LIMITS, LIMITS, 500, 200));
    }

    private static boolean settle(Admission a) {
        return switch (a) {
            case Reservation r -> r.commit(480, 150);
            case dev.tollfree.core.quota.Denial d -> throw new IllegalStateException("unexpected denial: " + d.summary());
        };
    }

    /** A store that keeps nothing: the benchmark measures the ledger, not SQLite. */
    static final class NoStore implements QuotaStore {
        @Override
        public List<Row> load() {
            return List.of();
        }

        @Override
        public void save(List<Row> upserts, List<Slot> deletions) {
            // nothing kept
        }
    }
}
