package dev.tollfree.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The store contract on PostgreSQL. The run gets its own schema ({@code tf_test_<random>}), created
 * by the first test and dropped after the last, so runs never collide; every test after the first
 * starts from emptied tables (migrating a new schema per test would triple the run time).
 * Skipped, with a message saying so, when no server answers; {@code TOLLFREE_TEST_PG_URL} points
 * the tests at another server.
 */
class PostgresStoreTest extends StoreContractTest {
    private static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    private static final String BASE_URL = baseUrl();
    private static final String TABLES = "provider_keys, gateway_keys, model_settings, chain, meta, request_attempts, request_log";
    private static PGSimpleDataSource admin;
    private static boolean reachable;
    private static String schema;

    /** Probes once; each test then skips on its own (a class-level skip shows up as "0 tests run"). */
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
        Assumptions.assumeTrue(reachable, "PostgreSQL not reachable at " + hostAndPort()
                + " — start it to run the scale-out store tests");
        if (schema == null) {
            schema = "tf_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
            execute("CREATE SCHEMA " + schema);
        } else {
            execute("TRUNCATE " + TABLES.replaceAll("(\\w+)", schema + ".$1"));
        }
        return StoreSettings.of(BASE_URL + (BASE_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema);
    }

    @Test
    void describe_isHostPortDatabaseAndSchema_withoutUserOrPassword() {
        assertThat(store.describe()).isEqualTo("postgresql://" + hostAndPort() + "/" + admin.getDatabaseName()
                + "?currentSchema=" + schema);
    }

    @Test
    void migrations_stayInsideTheConfiguredSchema() throws SQLException {
        try (Connection c = admin.getConnection(); Statement st = c.createStatement();
                var rs = st.executeQuery("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '" + schema
                        + "' AND table_name IN ('provider_keys', 'gateway_keys', 'model_settings', 'chain', 'meta',"
                        + " 'request_log', 'request_attempts', 'flyway_schema_history')")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(8);
        }
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

    private static String hostAndPort() {
        PGSimpleDataSource probe = new PGSimpleDataSource();
        probe.setURL(BASE_URL);
        int port = probe.getPortNumbers() == null || probe.getPortNumbers()[0] == 0 ? 5432 : probe.getPortNumbers()[0];
        return probe.getServerNames()[0] + ":" + port;
    }
}
