package dev.tollfree.bench;

import dev.tollfree.core.catalog.Limits;
import dev.tollfree.core.quota.Admission;
import dev.tollfree.core.quota.QuotaKey;
import dev.tollfree.core.quota.QuotaLedger;
import dev.tollfree.core.quota.Reservation;
import dev.tollfree.store.RedisSettings;
import dev.tollfree.store.SharedState;
import java.time.Duration;
import java.time.InstantSource;
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
 * The same reserve-then-commit as {@link QuotaBenchmark}, on the ledger that several gateways
 * share through Redis ({@code TOLLFREE_BENCH_REDIS_URL}, default {@code redis://127.0.0.1:6379}):
 * two script calls per operation over one multiplexed connection, four threads on two cores.
 * The difference from {@link QuotaBenchmark} is what sharing a key's limits between gateways costs.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(4)
public class SharedQuotaBenchmark {
    /** Large enough never to refuse, small enough to stay exact in the script's numbers. */
    private static final Limits LIMITS = new Limits(1_000_000_000_000L, 1_000_000_000_000L, 1_000_000_000_000L, 1_000_000_000_000L, false);

    @State(Scope.Benchmark)
    public static class Ledger {
        SharedState shared;
        QuotaLedger ledger;
        final QuotaKey one = new QuotaKey("groq", "key1", "llama-3.3-70b-versatile");
        final AtomicInteger threads = new AtomicInteger();

        @Setup(Level.Trial)
        public void open() {
            String url = System.getenv().getOrDefault("TOLLFREE_BENCH_REDIS_URL", "redis://127.0.0.1:6379");
            shared = SharedState.connect(RedisSettings.of(url).withPrefix("tollfree-jmh-" + Long.toHexString(System.nanoTime())),
                    InstantSource.system(), "jmh");
            ledger = shared.ledger(Duration.ofMinutes(5), Duration.ofMinutes(15));
        }

        @TearDown(Level.Trial)
        public void close() {
            ledger.close();
            shared.close(); // the keys expire by themselves within minutes
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
        return settle(l.ledger.tryReserve(l.one, LIMITS, LIMITS, 500, 200));
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
}
