package dev.tollfree.app;

import dev.tollfree.core.catalog.Capability;
import dev.tollfree.core.service.DiscoveryReport;
import dev.tollfree.core.service.Models;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List, enable, disable and discover models.",
        subcommands = {ModelsCommand.List.class, ModelsCommand.Enable.class, ModelsCommand.Disable.class,
                ModelsCommand.Discover.class})
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
                String state = state(e);
                String caps = e.model().capabilities().stream().map(Capability::wireName).sorted().collect(Collectors.joining(","));
                t.row(state, e.provider().id(), e.model().id(), e.model().contextWindow(), e.model().intelligence(), caps);
            }
            t.print(cli.out());
        }

        /** {@code vanished} (the provider's list leaves it out) and {@code new} (discovered, not yet enabled) come first. */
        static String state(Models.Entry e) {
            if (e.vanishedSince().isPresent()) {
                return "vanished";
            }
            if (e.discovered() && !e.model().enabled()) {
                return "new";
            }
            return e.servable() ? "ready" : e.model().enabled() ? "no-key" : "off";
        }
    }

    @Command(name = "discover", mixinStandardHelpOptions = true,
            description = "Read the providers' model lists now: new models are added disabled, missing ones flagged vanished.")
    static final class Discover extends KeysCommand.Base {
        @Option(names = "--provider", description = "Only this provider (default: every provider with a key, and the keyless ones).")
        String provider;

        @Override
        void run(Services s) {
            java.util.List<DiscoveryReport> reports = provider == null ? s.discovery.discoverAll() : java.util.List.of(s.discovery.discover(provider));
            for (DiscoveryReport r : reports) {
                cli.out().println(r.summary());
                if (r instanceof DiscoveryReport.Listed l) {
                    l.added().forEach(id -> cli.out().println("  new: " + l.provider() + "/" + id + " (disabled; `tollfree models enable " + l.provider() + "/" + id + "`)"));
                    l.vanished().forEach(id -> cli.out().println("  vanished: " + l.provider() + "/" + id));
                }
            }
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
