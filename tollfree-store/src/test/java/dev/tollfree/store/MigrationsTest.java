package dev.tollfree.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The migration scripts and the fast path that skips Flyway when the schema is current. */
class MigrationsTest {
    private static final Pattern VERSIONED_SCRIPT = Pattern.compile("V(\\d+)__.+\\.sql");

    @TempDir
    Path tempDir;

    @Test
    void latestVersion_isTheNewestScript_soANewMigrationCannotBeSkipped() throws Exception {
        Path scripts = Path.of(Migrations.class.getResource("/db/tollfree").toURI());
        int newest;
        try (Stream<Path> files = Files.list(scripts)) {
            newest = files.map(f -> VERSIONED_SCRIPT.matcher(f.getFileName().toString()))
                    .filter(Matcher::matches)
                    .mapToInt(m -> Integer.parseInt(m.group(1)))
                    .max().orElseThrow();
        }

        assertThat(Migrations.LATEST_VERSION).as("Migrations.LATEST_VERSION").isEqualTo(newest);
    }

    @Test
    void isCurrent_freshDatabase_isFalse() throws Exception {
        try (SqliteConnections connections = SqliteConnections.open(Stores.sqliteUrl(tempDir))) {
            assertThat(Migrations.isCurrent(connections)).isFalse();
        }
    }

    @Test
    void isCurrent_withAFailedMigrationInTheHistory_isFalse() throws Exception {
        String url = Stores.sqliteUrl(tempDir);
        Stores.open(StoreSettings.of(url)).close();
        try (SqliteConnections connections = SqliteConnections.open(url)) {
            assertThat(Migrations.isCurrent(connections)).isTrue();

            connections.withWriter(c -> {
                try (var st = c.createStatement()) {
                    return st.executeUpdate("UPDATE flyway_schema_history SET success = 0");
                }
            });

            assertThat(Migrations.isCurrent(connections)).isFalse();
        }
    }

    @Test
    void apply_onAFreshDatabase_runsEveryScript_thenNothing() throws SQLException {
        try (SqliteConnections connections = SqliteConnections.open(Stores.sqliteUrl(tempDir))) {
            assertThat(Migrations.apply(connections, Dialect.SQLITE)).isEqualTo(Migrations.LATEST_VERSION);
            assertThat(Migrations.apply(connections, Dialect.SQLITE)).isZero();
        }
    }
}
