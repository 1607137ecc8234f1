package dev.tollfree.store;

import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Hands out connections for reads and for writes. The source owns the connections; work must not
 * keep them. Writes arrive with auto-commit on; {@link Database} wraps them in a transaction.
 */
interface ConnectionSource extends AutoCloseable {
    <T> T withReader(SqlWork<T> work) throws SQLException;

    <T> T withWriter(SqlWork<T> work) throws SQLException;

    /** Connections for Flyway, which opens and closes its own while migrating at start. */
    DataSource migrationDataSource();

    /** Closes every connection; idempotent. Work still running finishes on its connection, which is then closed. */
    @Override
    void close();
}
