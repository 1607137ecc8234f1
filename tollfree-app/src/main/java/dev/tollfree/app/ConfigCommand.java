package dev.tollfree.app;

import dev.tollfree.app.config.ConfigException;
import dev.tollfree.app.config.ConfigLoader;
import dev.tollfree.app.config.ConfigResult;
import dev.tollfree.core.catalog.Catalog;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "config", mixinStandardHelpOptions = true, description = "Work with configuration files.",
        subcommands = {ConfigCommand.Check.class})
final class ConfigCommand {

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Validate a configuration file without starting anything. Exit code 0 when valid, 2 when not.")
    static final class Check implements java.util.concurrent.Callable<Integer>, CliFactory.NeedsCli {
        @Parameters(index = "0", paramLabel = "FILE")
        Path file;

        private Cli cli;

        @Override
        public void cli(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() {
            try {
                ConfigResult r = ConfigLoader.load(Optional.of(file), cli.env(), Catalog.builtIn());
                for (String w : r.warnings()) {
                    cli.err().println("warning: " + w);
                }
                cli.out().println(file + ": OK (" + r.config().providers().size() + " provider sections, "
                        + r.config().gatewayKeys().size() + " gateway keys)");
                return 0;
            } catch (ConfigException e) {
                cli.err().println(e.getMessage());
                return 2;
            }
        }
    }
}
