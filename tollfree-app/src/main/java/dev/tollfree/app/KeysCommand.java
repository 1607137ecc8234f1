package dev.tollfree.app;

import dev.tollfree.core.service.GatewayKeys;
import dev.tollfree.core.store.GatewayKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "Manage gateway API keys (what callers present to Tollfree).",
        subcommands = {KeysCommand.List.class, KeysCommand.Create.class, KeysCommand.SetLimits.class, KeysCommand.Revoke.class})
final class KeysCommand {

    abstract static class Base implements Runnable, CliFactory.NeedsCli {
        @Mixin
        ConfigOption config;
        Cli cli;

        @Override
        public void cli(Cli cli) {
            this.cli = cli;
        }

        @Override
        public void run() {
            Logging.configure(dev.tollfree.app.config.LogLevel.WARN);
            try (Services s = Commands.open(config.load(cli).config())) {
                run(s);
            }
        }

        abstract void run(Services s);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List gateway keys (prefixes only; keys are stored hashed).")
    static final class List extends Base {
        @Override
        void run(Services s) {
            Table t = new Table("ID", "NAME", "PREFIX", "SOURCE", "ADMIN", "STATE", "LIMITS", "CREATED");
            for (GatewayKey k : s.gatewayKeys.list()) {
                t.row(k.id(), k.name(), k.prefix(), k.source(), k.admin() ? "yes" : "no", k.active() ? "active" : "revoked",
                        LimitOptions.describe(k.limits()).replace(" (0 = no limit)", ""), k.createdAt());
            }
            t.print(cli.out());
        }
    }

    /** {@code --rpm --rpd --tpm --tpd}: a key's own budget. */
    static final class LimitOptions {
        @Option(names = "--rpm", paramLabel = "N", description = "Requests per rolling minute (0 = no limit).")
        long rpm;
        @Option(names = "--rpd", paramLabel = "N", description = "Requests per UTC day.")
        long rpd;
        @Option(names = "--tpm", paramLabel = "N", description = "Tokens per rolling minute.")
        long tpm;
        @Option(names = "--tpd", paramLabel = "N", description = "Tokens per UTC day.")
        long tpd;

        dev.tollfree.core.catalog.Limits limits() {
            if (rpm < 0 || rpd < 0 || tpm < 0 || tpd < 0) {
                throw new IllegalArgumentException("limits cannot be negative");
            }
            return new dev.tollfree.core.catalog.Limits(rpm, rpd, tpm, tpd, false);
        }

        static String describe(dev.tollfree.core.catalog.Limits l) {
            return l.equals(dev.tollfree.core.catalog.Limits.NONE) ? "none"
                    : "rpm " + l.rpm() + ", rpd " + l.rpd() + ", tpm " + l.tpm() + ", tpd " + l.tpd() + " (0 = no limit)";
        }
    }

    @Command(name = "limits", mixinStandardHelpOptions = true, description = "Set a gateway key's own request and token limits.")
    static final class SetLimits extends Base {
        @Parameters(index = "0", paramLabel = "ID")
        long id;

        @picocli.CommandLine.Mixin
        LimitOptions limits;

        @Override
        void run(Services s) {
            if (!s.gatewayKeys.setLimits(id, limits.limits())) {
                throw new IllegalArgumentException("no gateway key with id " + id);
            }
            s.routing.changed(); // running gateways reload their authentication cache
            cli.out().println("Key #" + id + " limits: " + LimitOptions.describe(limits.limits()) + ".");
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a gateway key and print it once.")
    static final class Create extends Base {
        @picocli.CommandLine.Mixin
        LimitOptions limits;

        @Parameters(index = "0", paramLabel = "NAME", description = "A label for the key, e.g. the app that uses it.")
        String name;

        @Option(names = "--admin", description = "Allow this key to use the admin API (/api).")
        boolean admin;

        @Override
        void run(Services s) {
            GatewayKeys.Created created = s.gatewayKeys.create(name, admin, "admin");
            s.gatewayKeys.setLimits(created.key().id(), limits.limits());
            cli.out().println(created.plain());
            cli.err().println("Created key #" + created.key().id() + " '" + name + "'" + (admin ? " (admin)" : "")
                    + ". It is shown only this once; store it now.");
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a gateway key by id.")
    static final class Revoke extends Base {
        @Parameters(index = "0", paramLabel = "ID")
        long id;

        @Override
        void run(Services s) {
            if (!s.gatewayKeys.revoke(id)) {
                throw new IllegalArgumentException("no active gateway key with id " + id);
            }
            s.routing.changed(); // running gateways drop their auth cache on the next refresh
            cli.out().println("Revoked key #" + id + ".");
        }
    }
}
