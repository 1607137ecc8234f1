package dev.tollfree.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on embedded SQLite, plus what is SQLite's own. */
class SqliteStoreTest extends StoreContractTest {
    @TempDir
    Path tempDir;

    @Override
    protected StoreSettings freshDatabase() {
        return StoreSettings.of(Stores.sqliteUrl(tempDir.resolve("data")));
    }

    @Test
    void sqliteUrl_createsTheDataDirectory_andNamesTollfreeDb() {
        Path dir = tempDir.resolve("a/b/c");

        String url = Stores.sqliteUrl(dir);

        assertThat(dir).isDirectory();
        assertThat(url).isEqualTo("jdbc:sqlite:" + dir.toAbsolutePath().resolve("tollfree.db"));
    }

    @Test
    void describe_isSqliteAndTheFilePath() {
        assertThat(store.describe()).isEqualTo("sqlite:" + tempDir.resolve("data/tollfree.db").toAbsolutePath());
    }

    @Test
    void writerAndReaders_runWithWalBusyTimeoutForeignKeysAndNormalSync() {
        Database db = ((JdbcStore) store).database();

        assertThat(db.write("read pragmas", SqliteStoreTest::pragmas)).isEqualTo("wal 5000 1 1 0");
        assertThat(db.read("read pragmas", SqliteStoreTest::pragmas)).isEqualTo("wal 5000 1 1 1"); // readers are query_only
    }

    @Test
    void open_createsTheDatabaseFile() {
        assertThat(tempDir.resolve("data/tollfree.db")).isRegularFile();
    }

    @Test
    void open_inMemoryUrl_isRefusedWithAHint() {
        assertThatThrownBy(() -> Stores.open(StoreSettings.of("jdbc:sqlite::memory:")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("in-memory").hasMessageContaining("sqliteUrl");
    }

    @Test
    void open_unwritableLocation_failsWithTheStoreException() throws Exception {
        Path notADirectory = Files.writeString(tempDir.resolve("plain-file"), "x");

        assertThatThrownBy(() -> Stores.open(StoreSettings.of("jdbc:sqlite:" + notADirectory.resolve("tollfree.db"))))
                .isInstanceOf(dev.tollfree.core.store.StoreException.class).hasMessageContaining("could not open the store");
    }

    private static String pragmas(Connection c) throws SQLException {
        StringBuilder values = new StringBuilder();
        for (String pragma : new String[] {"journal_mode", "busy_timeout", "foreign_keys", "synchronous", "query_only"}) {
            try (Statement st = c.createStatement(); var rs = st.executeQuery("PRAGMA " + pragma)) {
                rs.next();
                values.append(values.isEmpty() ? "" : " ").append(rs.getString(1));
            }
        }
        return values.toString();
    }
}
