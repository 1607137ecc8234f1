package dev.tollfree.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The discovery store contract on embedded SQLite. */
class SqliteDiscoveredModelStoreTest extends DiscoveredModelStoreContractTest {
    @TempDir
    Path tempDir;

    @Override
    protected StoreSettings freshDatabase() {
        return StoreSettings.of(Stores.sqliteUrl(tempDir.resolve("data")));
    }
}
