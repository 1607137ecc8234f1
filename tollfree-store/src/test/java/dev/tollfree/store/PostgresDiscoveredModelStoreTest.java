package dev.tollfree.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The discovery store contract on PostgreSQL, in a schema of its own ({@code tf_disc_<random>}) that
 * the first test creates and the last drops; later tests start from an emptied {@code discovered_models}.
 * Skipped, with a message saying so, when no server answers; {@code TOLLFREE_TEST_PG_URL} points
 * the tests at another server (as for {@link PostgresStoreTest}).
 */
class PostgresDiscoveredModelStoreTest extends DiscoveredModelStoreContractTest {
    private static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    private static final String BASE_URL = baseUrl();
    private static PGSimpleDataSource admin;
    private static boolean reachable;
    private static String schema;

    @BeforeAll
    static void probeServer() {
        admin = new PGSimpleDataSource();
        admin.setURL(BASE_URL);
        admin.setConnectTimeout(2);
        try (Connection probe = admin.getConnection()) {
            reachable = probe.isValid(2);
        } catch (SQLException e) {
            reachable = false;
        }
    }

    @AfterAll
    static void dropSchema() throws SQLException {
        if (schema != null) {
            execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    @Override
    protected StoreSettings freshDatabase() throws SQLException {
        Assumptions.assumeTrue(reachable, "PostgreSQL not reachable — start it to run the discovery store tests");
        if (schema == null) {
            schema = "tf_disc_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
            execute("CREATE SCHEMA " + schema);
        } else {
            execute("TRUNCATE " + schema + ".discovered_models");
        }
        return StoreSettings.of(BASE_URL + (BASE_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema);
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = admin.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static String baseUrl() {
        String override = System.getenv("TOLLFREE_TEST_PG_URL");
        return override == null || override.isBlank() ? DEFAULT_URL : override;
    }
}
