package dev.tollfree.app;

import dev.tollfree.app.config.ConfigLoader;
import dev.tollfree.app.config.ConfigResult;
import dev.tollfree.core.catalog.Catalog;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --config FILE} (or {@code TOLLFREE_CONFIG}), shared by every command that opens the gateway's state. */
final class ConfigOption {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "YAML configuration file (default: $TOLLFREE_CONFIG, else built-in defaults).")
    Path file;

    ConfigResult load(Cli cli) {
        Optional<Path> path = Optional.ofNullable(file)
                .or(() -> Optional.ofNullable(cli.env().get("TOLLFREE_CONFIG")).filter(s -> !s.isBlank()).map(Path::of));
        ConfigResult result = ConfigLoader.load(path, cli.env(), Catalog.builtIn());
        for (String w : result.warnings()) {
            cli.err().println("warning: " + w);
        }
        return result;
    }
}
