package dev.tollfree.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;

/**
 * Brings the schema up to date with Flyway. The scripts under {@code db/tollfree} are shared by
 * both databases; the one DDL difference, the auto-increment id column, is the {@code ${id_pk}}
 * placeholder filled in by {@link Dialect#migrationPlaceholders()}. On PostgreSQL Flyway takes an
 * advisory lock, so several nodes starting at once migrate once.
 *
 * <p>Fast path: starting Flyway costs a few hundred milliseconds on a cold JVM (configuration
 * processing loads Jackson databind; plugin and classpath scanning), which would be most of
 * Tollfree's start time. So {@link #apply} first reads Flyway's history table itself and leaves
 * Flyway unloaded when every migration up to {@link #LATEST_VERSION} has succeeded. Anything else
 * (no table, a failed row, an older version) runs Flyway as usual. A test pins
 * {@code LATEST_VERSION} to the newest script, so adding {@code V2__…} without bumping it fails the build.
 */
final class Migrations {
    static final String LOCATION = "classpath:db/tollfree";
    static final String HISTORY_TABLE = "flyway_schema_history";
    /** The version of the newest script under {@code db/tollfree}. */
    static final int LATEST_VERSION = 4;

    private Migrations() {}

    /** Applies pending migrations; returns how many ran (0 when the schema was current). */
    static int apply(ConnectionSource connections, Dialect dialect) throws SQLException {
        if (isCurrent(connections)) {
            return 0;
        }
        return flyway(connections, dialect).migrate().migrationsExecuted;
    }

    /** A Flyway instance for this store's database (used by {@link #apply} and by tests). */
    static Flyway flyway(ConnectionSource connections, Dialect dialect) {
        return Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(connections.migrationDataSource())
                .locations(LOCATION)
                .table(HISTORY_TABLE)
                .placeholders(dialect.migrationPlaceholders())
                .failOnMissingLocations(true)
                .load();
    }

    /** True when the history shows only successful migrations, the newest at least {@link #LATEST_VERSION}. */
    static boolean isCurrent(ConnectionSource connections) throws SQLException {
        try {
            return connections.withReader(c -> {
                try (Statement st = c.createStatement();
                        ResultSet rs = st.executeQuery("SELECT version, success FROM " + HISTORY_TABLE)) {
                    int newest = 0;
                    while (rs.next()) {
                        if (!rs.getBoolean("success")) {
                            return false;
                        }
                        String version = rs.getString("version");
                        if (version != null) { // null for repeatable migrations and schema markers
                            newest = Math.max(newest, Integer.parseInt(version));
                        }
                    }
                    return newest >= LATEST_VERSION;
                }
            });
        } catch (SQLException | NumberFormatException e) {
            return false; // no history yet (fresh database) or a shape we do not read: let Flyway decide
        }
    }
}
