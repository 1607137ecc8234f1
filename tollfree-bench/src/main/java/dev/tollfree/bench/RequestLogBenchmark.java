package dev.tollfree.bench;

import dev.tollfree.core.log.RequestIds;
import dev.tollfree.core.store.RequestRecord;
import dev.tollfree.core.store.Store;
import dev.tollfree.store.StoreSettings;
import dev.tollfree.store.Stores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The request log's write path on the embedded SQLite store: one transaction of {@value #BATCH}
 * records with one attempt each (about what the logger's 20 ms linger gathers at 1,000 requests/s),
 * into a log that already holds {@code rows} records. Scored per record. {@code ids} chooses how the
 * request ids are made: {@code gateway} as the gateway makes them, {@code random} as 80 random bits
 * (what the gateway did before its ids began with the time), so the cost of where a new id lands in
 * the log's indexes shows side by side.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class RequestLogBenchmark {
    static final int BATCH = 20;
    static final int LARGE_BATCH = 100;
    private static final HexFormat HEX = HexFormat.of();

    @Param({"0", "300000"})
    public int rows;

    @Param({"gateway", "random"})
    public String ids;

    private Path dir;
    private Store store;
    private final SplittableRandom random = new SplittableRandom(42);
    private long clock = Instant.parse("2026-12-01T00:00:00Z").toEpochMilli();

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Files.createTempDirectory("tollfree-request-log-bench");
        store = Stores.open(StoreSettings.of("jdbc:sqlite:" + dir.resolve(Stores.SQLITE_FILE_NAME)));
        for (int done = 0; done < rows; done += 1_000) {
            store.requestLog().append(batch(Math.min(1_000, rows - done)));
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        store.close();
        Bench.deleteTree(dir);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void appendBatch() {
        store.requestLog().append(batch(BATCH));
    }

    /** The same with {@value #LARGE_BATCH} records a transaction (what a 100 ms linger gathers at 1,000 requests/s). */
    @Benchmark
    @OperationsPerInvocation(LARGE_BATCH)
    public void appendLargeBatch() {
        store.requestLog().append(batch(LARGE_BATCH));
    }

    private List<RequestRecord> batch(int size) {
        List<RequestRecord> batch = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            clock++;
            Instant at = Instant.ofEpochMilli(clock);
            batch.add(new RequestRecord(id(at), at, 1, "auto", false, 200, "ok", "", "fake", "fake-model", 3, 2, 12, 5,
                    false, List.of(new RequestRecord.Attempt(0, "fake", "fake-model", 1, 200, "", "", 3, 2))));
        }
        return batch;
    }

    private String id(Instant at) {
        return switch (ids) {
            case "gateway" -> RequestIds.next(at);
            case "random" -> "req_" + HEX.toHexDigits(random.nextLong()) + HEX.toHexDigits((short) random.nextInt(0x10000));
            default -> throw new IllegalArgumentException("ids is gateway or random, was " + ids);
        };
    }
}
