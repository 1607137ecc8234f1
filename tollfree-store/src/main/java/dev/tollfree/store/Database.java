package dev.tollfree.store;

import dev.tollfree.core.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs units of work for the stores: reads on a reader, writes in one transaction on the writer,
 * and every {@link SQLException} turned into a {@link StoreException} whose message names the
 * operation and never carries a password.
 */
final class Database implements AutoCloseable {
    private final Dialect dialect;
    private final ConnectionSource connections;
    private final String description;
    private final List<String> secrets;
    private final AtomicBoolean closed = new AtomicBoolean();

    Database(Dialect dialect, ConnectionSource connections, String description, List<String> secrets) {
        this.dialect = dialect;
        this.connections = connections;
        this.description = description;
        this.secrets = List.copyOf(secrets);
    }

    Dialect dialect() {
        return dialect;
    }

    String description() {
        return description;
    }

    /** Passwords this database's messages must never show. */
    List<String> secrets() {
        return secrets;
    }

    /** The connections underneath, for migrations. */
    ConnectionSource connections() {
        return connections;
    }

    /** Runs a read; {@code operation} names it in errors ("list provider keys"). */
    <T> T read(String operation, SqlWork<T> work) {
        ensureOpen(operation);
        try {
            return connections.withReader(work);
        } catch (SQLException e) {
            throw failure(operation, e);
        }
    }

    /** Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. */
    <T> T write(String operation, SqlWork<T> work) {
        return write(operation, operation + " failed on " + description + ": it conflicts with an existing entry", work);
    }

    /** As {@link #write(String, SqlWork)}, with the message a uniqueness conflict should carry. */
    <T> T write(String operation, String conflictMessage, SqlWork<T> work) {
        ensureOpen(operation);
        try {
            return connections.withWriter(connection -> inTransaction(connection, work));
        } catch (SQLException e) {
            if (dialect.isUniqueViolation(e)) {
                throw new StoreException(conflictMessage, e, true);
            }
            throw failure(operation, e);
        }
    }

    private static <T> T inTransaction(Connection connection, SqlWork<T> work) throws SQLException {
        connection.setAutoCommit(false);
        Throwable primary = null;
        try {
            T result = work.run(connection);
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException | Error e) {
            primary = e;
            try {
                connection.rollback();
            } catch (SQLException rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
            throw e;
        } finally {
            try {
                connection.setAutoCommit(true);
            } catch (SQLException restoreFailure) {
                if (primary == null) {
                    throw restoreFailure;
                }
                primary.addSuppressed(restoreFailure);
            }
        }
    }

    private StoreException failure(String operation, SQLException e) {
        String reason = Redaction.scrub(firstLine(e.getMessage()), secrets);
        return new StoreException(operation + " failed on " + description + ": " + reason, e, dialect.isUniqueViolation(e));
    }

    private void ensureOpen(String operation) {
        if (closed.get()) {
            throw new StoreException(operation + " failed: the store " + description + " is closed", null);
        }
    }

    private static String firstLine(String message) {
        if (message == null || message.isBlank()) {
            return "unknown database error";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** Closes every connection; safe to call more than once. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            connections.close();
        }
    }
}
