package dev.tollfree.store;

import java.sql.SQLException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.StringJoiner;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * PostgreSQL connections from {@link PGSimpleDataSource} through a small {@link ConnectionPool}
 * shared by reads and writes (PostgreSQL handles concurrent writers itself). Server error details,
 * which can quote row values, are kept out of exception messages.
 */
final class PostgresConnections implements ConnectionSource {
    static final int POOL_SIZE = 8;
    private static final Duration VALIDATE_AFTER_IDLE = Duration.ofSeconds(10);
    private static final Duration BORROW_TIMEOUT = Duration.ofSeconds(30);
    private static final int CONNECT_TIMEOUT_SECONDS = 10;

    private final PGSimpleDataSource source;
    private final ConnectionPool pool;

    private PostgresConnections(PGSimpleDataSource source, ConnectionPool pool) {
        this.source = source;
        this.pool = pool;
    }

    /** Opens one connection at once, so an unreachable server fails here rather than on first use. */
    static PostgresConnections open(StoreSettings settings) throws SQLException {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setURL(settings.jdbcUrl());
        if (!settings.user().isEmpty()) {
            source.setUser(settings.user());
        }
        if (!settings.password().isEmpty()) {
            source.setPassword(settings.password());
        }
        source.setLogServerErrorDetail(false);
        source.setApplicationName("tollfree");
        source.setConnectTimeout(CONNECT_TIMEOUT_SECONDS);
        source.setTcpKeepAlive(true);
        ConnectionPool pool = new ConnectionPool("PostgreSQL", source::getConnection, POOL_SIZE,
                VALIDATE_AFTER_IDLE, BORROW_TIMEOUT, InstantSource.system());
        PostgresConnections connections = new PostgresConnections(source, pool);
        try {
            connections.withReader(connection -> Boolean.TRUE); // opens (and keeps) the first connection
        } catch (SQLException e) {
            connections.close();
            throw e;
        }
        return connections;
    }

    @Override
    public <T> T withReader(SqlWork<T> work) throws SQLException {
        return pool.use(work);
    }

    @Override
    public <T> T withWriter(SqlWork<T> work) throws SQLException {
        return pool.use(work);
    }

    @Override
    public DataSource migrationDataSource() {
        return source;
    }

    /** {@code postgresql://host:port/db}, plus {@code ?currentSchema=} when one is set; never the user or password. */
    String describe() {
        String[] hosts = source.getServerNames();
        int[] ports = source.getPortNumbers();
        StringJoiner hostList = new StringJoiner(",");
        for (int i = 0; i < hosts.length; i++) {
            int port = ports != null && i < ports.length && ports[i] > 0 ? ports[i] : 5432;
            hostList.add(hosts[i] + ":" + port);
        }
        String schema = source.getCurrentSchema();
        return "postgresql://" + hostList + "/" + source.getDatabaseName()
                + (schema == null || schema.isEmpty() ? "" : "?currentSchema=" + schema);
    }

    @Override
    public void close() {
        pool.close();
    }
}
