package dev.tollfree.store;

import dev.tollfree.core.store.Store;
import dev.tollfree.core.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.List;

/**
 * Opens the store a JDBC URL names: embedded SQLite ({@code jdbc:sqlite:<file>}, the default) or
 * PostgreSQL ({@code jdbc:postgresql://host:port/db}, for several gateway processes sharing state).
 * Opening connects, applies pending schema migrations and returns a thread-safe {@link Store}.
 */
public final class Stores {
    /** File name of the SQLite database inside the data directory. */
    public static final String SQLITE_FILE_NAME = "tollfree.db";

    private Stores() {}

    /**
     * Loads the SQLite driver and its native library ahead of the first connection, so that
     * start-up can do it on a second core while it reads the configuration. Never throws: a
     * library that cannot load is reported by the first {@link #open} that needs it.
     */
    public static void preload() {
        try {
            org.sqlite.SQLiteJDBCLoader.initialize();
        } catch (Exception | LinkageError e) {
            // reported by the first connection
        }
    }

    /** Opens the store with the system clock stamping new provider keys. */
    public static Store open(StoreSettings settings) {
        return open(settings, InstantSource.system());
    }

    /**
     * Opens the store.
     *
     * @param clock stamps {@code createdAt} of provider keys added through this store
     * @throws IllegalArgumentException if the URL is neither {@code jdbc:sqlite:} nor {@code jdbc:postgresql:}
     * @throws StoreException if the database cannot be opened or migrated
     */
    public static Store open(StoreSettings settings, InstantSource clock) {
        Dialect dialect = Dialect.of(settings.jdbcUrl());
        List<String> secrets = Redaction.secretsOf(settings);
        return switch (dialect) {
            case SQLITE -> {
                String description = "sqlite:" + sqliteFile(settings.jdbcUrl());
                ConnectionSource connections = connect(description, secrets, () -> SqliteConnections.open(settings.jdbcUrl()));
                yield migrated(new Database(dialect, connections, description, secrets), clock);
            }
            case POSTGRESQL -> {
                PostgresConnections connections = connect(Redaction.maskUrlPassword(settings.jdbcUrl()), secrets,
                        () -> PostgresConnections.open(settings));
                yield migrated(new Database(dialect, connections, connections.describe(), secrets), clock);
            }
        };
    }

    @FunctionalInterface
    private interface Connector<C extends ConnectionSource> {
        C connect() throws SQLException;
    }

    private static <C extends ConnectionSource> C connect(String target, List<String> secrets, Connector<C> connector) {
        try {
            return connector.connect();
        } catch (SQLException | RuntimeException e) {
            throw new StoreException("could not open the store " + target + ": " + Redaction.scrub(e.getMessage(), secrets), e);
        }
    }

    private static Store migrated(Database db, InstantSource clock) {
        try {
            Migrations.apply(db.connections(), db.dialect());
            return new JdbcStore(db, clock);
        } catch (SQLException | RuntimeException e) {
            db.close();
            throw new StoreException("could not migrate the store " + db.description() + ": "
                    + Redaction.scrub(e.getMessage(), db.secrets()), e);
        }
    }

    /**
     * The SQLite URL for {@code dataDir/tollfree.db}; creates {@code dataDir} (and its parents) if missing.
     *
     * @throws StoreException if the directory cannot be created
     */
    public static String sqliteUrl(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StoreException("could not create the data directory " + dir + ": " + e.getMessage(), e);
        }
        return Dialect.SQLITE.urlPrefix() + dir.resolve(SQLITE_FILE_NAME);
    }

    /** The database file of a SQLite URL; in-memory databases are refused (each connection would see its own). */
    private static String sqliteFile(String jdbcUrl) {
        String rest = jdbcUrl.substring(Dialect.SQLITE.urlPrefix().length());
        int query = rest.indexOf('?');
        String file = query < 0 ? rest : rest.substring(0, query);
        if (file.startsWith("file:")) {
            file = file.substring("file:".length());
        }
        if (file.isEmpty() || file.equals(":memory:") || rest.contains("mode=memory")) {
            throw new IllegalArgumentException("in-memory SQLite is not supported (every connection would get its own"
                    + " empty database); use a file, e.g. Stores.sqliteUrl(dataDir)");
        }
        return file;
    }
}
