package dev.tollfree.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A small bounded connection pool: at most {@code size} connections, opened on demand, kept
 * while healthy. A connection idle for longer than {@code validateAfterIdle} is checked with
 * {@link Connection#isValid} before it is lent again; one that failed with a connection-class
 * error ({@code 08xxx}) or was closed is dropped. Borrowers wait (virtual-thread friendly, no
 * monitor) for a free permit, at most {@code borrowTimeout}.
 */
final class ConnectionPool implements AutoCloseable {

    @FunctionalInterface
    interface Factory {
        Connection open() throws SQLException;
    }

    private record Idle(Connection connection, long sinceMillis) {}

    private static final int VALIDATION_TIMEOUT_SECONDS = 2;

    private final String name;
    private final Factory factory;
    private final int size;
    private final Semaphore permits;
    private final Duration validateAfterIdle;
    private final Duration borrowTimeout;
    private final InstantSource clock;
    private final ConcurrentLinkedDeque<Idle> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    ConnectionPool(String name, Factory factory, int size, Duration validateAfterIdle, Duration borrowTimeout, InstantSource clock) {
        if (size < 1) {
            throw new IllegalArgumentException("pool size must be at least 1, was " + size);
        }
        this.name = name;
        this.factory = factory;
        this.size = size;
        this.permits = new Semaphore(size);
        this.validateAfterIdle = validateAfterIdle;
        this.borrowTimeout = borrowTimeout;
        this.clock = clock;
    }

    /** Runs {@code work} on a pooled connection and takes the connection back afterwards. */
    <T> T use(SqlWork<T> work) throws SQLException {
        acquirePermit();
        try {
            Connection connection = borrow();
            boolean broken = false;
            try {
                return work.run(connection);
            } catch (SQLException e) {
                broken = isConnectionFailure(e);
                throw e;
            } finally {
                giveBack(connection, broken);
            }
        } finally {
            permits.release();
        }
    }

    /** Idle connections the pool holds right now (for tests and diagnostics). */
    int idleCount() {
        return idle.size();
    }

    @Override
    public void close() {
        closed = true;
        drainIdle();
    }

    private void acquirePermit() throws SQLException {
        ensureOpen();
        try {
            if (!permits.tryAcquire(borrowTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new SQLTransientConnectionException("all " + size + " " + name + " connections stayed busy for "
                        + borrowTimeout.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for a " + name + " connection", e);
        }
    }

    private Connection borrow() throws SQLException {
        ensureOpen();
        for (Idle candidate = idle.pollFirst(); candidate != null; candidate = idle.pollFirst()) {
            if (isUsable(candidate)) {
                return candidate.connection();
            }
            closeQuietly(candidate.connection());
        }
        return factory.open();
    }

    private boolean isUsable(Idle candidate) {
        long idleMillis = clock.millis() - candidate.sinceMillis();
        try {
            if (candidate.connection().isClosed()) {
                return false;
            }
            return idleMillis < validateAfterIdle.toMillis() || candidate.connection().isValid(VALIDATION_TIMEOUT_SECONDS);
        } catch (SQLException e) {
            return false;
        }
    }

    private void giveBack(Connection connection, boolean broken) {
        if (broken || closed || isClosed(connection)) {
            closeQuietly(connection);
            return;
        }
        idle.addFirst(new Idle(connection, clock.millis()));
        if (closed) {
            drainIdle(); // close() raced with us after the check above
        }
    }

    private void drainIdle() {
        for (Idle entry = idle.pollFirst(); entry != null; entry = idle.pollFirst()) {
            closeQuietly(entry.connection());
        }
    }

    private void ensureOpen() throws SQLException {
        if (closed) {
            throw new SQLException("the " + name + " connection pool is closed");
        }
    }

    private static boolean isConnectionFailure(SQLException e) {
        String state = e.getSQLState();
        return state != null && state.startsWith("08");
    }

    private static boolean isClosed(Connection connection) {
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing is best effort; the connection is dropped either way
        }
    }
}
