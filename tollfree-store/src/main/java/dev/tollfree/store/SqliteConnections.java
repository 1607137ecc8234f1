package dev.tollfree.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * SQLite allows one writer at a time, so writes go through one dedicated connection guarded by a
 * lock (never two writers, so never {@code SQLITE_BUSY} between our own threads; transactions
 * start {@code IMMEDIATE}, so another process cannot deadlock a read-then-write). Reads use a
 * small pool of {@code query_only} connections that, thanks to WAL, run beside the writer.
 * Every connection runs with WAL, {@code busy_timeout=5000}, {@code foreign_keys=ON} and
 * {@code synchronous=NORMAL} (in WAL mode a power cut may lose the last commits, never the
 * database's integrity).
 */
final class SqliteConnections implements ConnectionSource {
    static final int READERS = 4;
    static final int BUSY_TIMEOUT_MILLIS = 5_000;
    private static final Duration WAIT_LIMIT = Duration.ofSeconds(30);

    private final SQLiteDataSource writerSource;
    private final Connection writer;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ConnectionPool readers;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SqliteConnections(SQLiteDataSource writerSource, Connection writer, ConnectionPool readers) {
        this.writerSource = writerSource;
        this.writer = writer;
        this.readers = readers;
    }

    /** Opens the write connection at once (so a bad path fails here); readers open on demand. */
    static SqliteConnections open(String jdbcUrl) throws SQLException {
        SQLiteConfig writerConfig = baseConfig();
        writerConfig.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource writerSource = new SQLiteDataSource(writerConfig);
        writerSource.setUrl(jdbcUrl);

        SQLiteDataSource readerSource = new SQLiteDataSource(baseConfig());
        readerSource.setUrl(jdbcUrl);
        ConnectionPool readers = new ConnectionPool("SQLite reader", () -> openReader(readerSource), READERS,
                Duration.ofDays(365), WAIT_LIMIT, InstantSource.system());

        return new SqliteConnections(writerSource, writerSource.getConnection(), readers);
    }

    private static SQLiteConfig baseConfig() {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        config.enforceForeignKeys(true);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setGetGeneratedKeys(false); // we use RETURNING instead
        return config;
    }

    private static Connection openReader(SQLiteDataSource source) throws SQLException {
        Connection connection = source.getConnection();
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA query_only = ON");
        } catch (SQLException e) {
            ConnectionPool.closeQuietly(connection);
            throw e;
        }
        return connection;
    }

    @Override
    public <T> T withReader(SqlWork<T> work) throws SQLException {
        return readers.use(work);
    }

    @Override
    public <T> T withWriter(SqlWork<T> work) throws SQLException {
        lockWriter();
        try {
            if (closed.get()) {
                throw new SQLException("the SQLite store is closed");
            }
            return work.run(writer);
        } finally {
            writeLock.unlock();
        }
    }

    /** Flyway gets its own short-lived connection with the writer's settings. */
    @Override
    public DataSource migrationDataSource() {
        return writerSource;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        readers.close();
        boolean locked = false;
        try {
            locked = writeLock.tryLock(WAIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS); // let a running write finish
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ConnectionPool.closeQuietly(writer);
            if (locked) {
                writeLock.unlock();
            }
        }
    }

    private void lockWriter() throws SQLException {
        try {
            if (!writeLock.tryLock(WAIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new SQLTimeoutException("the SQLite writer stayed busy for " + WAIT_LIMIT.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for the SQLite writer", e);
        }
    }
}
