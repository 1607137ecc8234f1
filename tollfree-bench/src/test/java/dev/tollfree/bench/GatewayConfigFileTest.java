package dev.tollfree.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollfree.app.config.ConfigLoader;
import dev.tollfree.app.config.ConfigResult;
import dev.tollfree.core.catalog.Catalog;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The load-test gateway's config file is one the gateway takes, with the request log as asked. */
class GatewayConfigFileTest {
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void theGatewayLoadsIt_withTheRequestLogOnOrOff(boolean requestLog, @TempDir Path dir) {
        Path file = GatewayConfigFile.write(dir, 45_678, 50, requestLog, "warn");
        ConfigResult r = ConfigLoader.load(Optional.of(file), Map.of(), Catalog.builtIn(), dir);
        assertThat(r.config().logging().requestLog()).isEqualTo(requestLog);
        assertThat(r.config().providers()).isNotEmpty();
    }
}
