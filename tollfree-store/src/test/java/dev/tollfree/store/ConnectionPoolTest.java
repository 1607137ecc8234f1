package dev.tollfree.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/** The small pool behind PostgreSQL (and SQLite's readers), exercised with SQLite connections. */
class ConnectionPoolTest {
    @TempDir
    Path tempDir;

    private final List<Connection> opened = new CopyOnWriteArrayList<>();
    private ConnectionPool pool;

    @BeforeEach
    void createPool() {
        SQLiteDataSource source = new SQLiteDataSource();
        source.setUrl(Stores.sqliteUrl(tempDir));
        pool = new ConnectionPool("test", () -> {
            Connection c = source.getConnection();
            opened.add(c);
            return c;
        }, 3, Duration.ofSeconds(10), Duration.ofSeconds(10), InstantSource.system());
    }

    @Test
    void use_underLoad_neverHoldsMoreThanSizeConnections_andReusesThem() throws Exception {
        AtomicInteger inUse = new AtomicInteger();
        AtomicInteger maxInUse = new AtomicInteger();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                results.add(executor.submit(() -> pool.use(c -> {
                    maxInUse.accumulateAndGet(inUse.incrementAndGet(), Math::max);
                    try (var st = c.createStatement(); var rs = st.executeQuery("SELECT 1")) {
                        rs.next();
                        return rs.getInt(1);
                    } finally {
                        inUse.decrementAndGet();
                    }
                })));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get()).isEqualTo(1);
            }
        }

        assertThat(maxInUse.get()).isLessThanOrEqualTo(3);
        assertThat(opened).hasSizeLessThanOrEqualTo(3);
        assertThat(pool.idleCount()).isEqualTo(opened.size());
    }

    @Test
    void use_connectionClassFailure_dropsThatConnection() throws Exception {
        assertThatThrownBy(() -> pool.use(c -> {
            throw new SQLNonTransientConnectionException("socket closed", "08006");
        })).isInstanceOf(SQLException.class);

        assertThat(opened).hasSize(1);
        assertThat(opened.getFirst().isClosed()).isTrue();
        assertThat(pool.idleCount()).isZero();

        pool.use(c -> c.isValid(1));
        assertThat(opened).hasSize(2);
    }

    @Test
    void use_ordinaryFailure_keepsTheConnection() throws Exception {
        assertThatThrownBy(() -> pool.use(c -> c.createStatement().executeQuery("SELECT * FROM missing_table")))
                .isInstanceOf(SQLException.class);

        pool.use(c -> c.isValid(1));

        assertThat(opened).hasSize(1);
    }

    @Test
    void close_closesIdleConnections_isIdempotent_andRefusesLaterUse() throws Exception {
        pool.use(c -> c.isValid(1));

        pool.close();
        pool.close();

        assertThat(opened.getFirst().isClosed()).isTrue();
        assertThatThrownBy(() -> pool.use(c -> c.isValid(1))).isInstanceOf(SQLException.class).hasMessageContaining("closed");
    }
}
