package dev.tollfree.app;

import dev.tollfree.core.catalog.Capability;
import dev.tollfree.core.service.Models;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List, enable and disable models.",
        subcommands = {ModelsCommand.List.class, ModelsCommand.Enable.class, ModelsCommand.Disable.class})
final class ModelsCommand {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List models; by default only those that can serve now.")
    static final class List extends KeysCommand.Base {
        @Option(names = "--all", description = "Include models of providers without keys and disabled models.")
        boolean all;

        @Option(names = "--provider", description = "Only this provider.")
        String provider;

        @Override
        void run(Services s) {
            Table t = new Table("STATE", "PROVIDER", "MODEL", "CONTEXT", "RANK", "CAPABILITIES");
            for (Models.Entry e : s.models.list()) {
                if ((provider != null && !provider.equals(e.provider().id())) || (!all && !e.servable())) {
                    continue;
                }
                String state = e.servable() ? "ready" : e.model().enabled() ? "no-key" : "off";
                String caps = e.model().capabilities().stream().map(Capability::wireName).sorted().collect(Collectors.joining(","));
                t.row(state, e.provider().id(), e.model().id(), e.model().contextWindow(), e.model().intelligence(), caps);
            }
            t.print(cli.out());
        }
    }

    abstract static class SetEnabled extends KeysCommand.Base {
        @Parameters(index = "0", paramLabel = "PROVIDER/MODEL")
        String model;

        abstract boolean enabled();

        @Override
        void run(Services s) {
            if (!s.models.setEnabled(model, enabled())) {
                throw new IllegalArgumentException("no model " + model + "; see `tollfree models list --all`");
            }
            cli.out().println((enabled() ? "Enabled " : "Disabled ") + model + ".");
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Enable PROVIDER/MODEL.")
    static final class Enable extends SetEnabled {
        @Override
        boolean enabled() {
            return true;
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true, description = "Disable PROVIDER/MODEL.")
    static final class Disable extends SetEnabled {
        @Override
        boolean enabled() {
            return false;
        }
    }
}
