package dev.tollfree.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The quota store contract on embedded SQLite. */
class SqliteQuotaStoreTest extends QuotaStoreContractTest {
    @TempDir
    Path tempDir;

    @Override
    protected StoreSettings freshDatabase() {
        return StoreSettings.of(Stores.sqliteUrl(tempDir.resolve("data")));
    }
}
