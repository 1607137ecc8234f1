package dev.tollfree.app;

import dev.tollfree.core.service.GatewayKeys;
import dev.tollfree.core.store.GatewayKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "Manage gateway API keys (what callers present to Tollfree).",
        subcommands = {KeysCommand.List.class, KeysCommand.Create.class, KeysCommand.Revoke.class})
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
            Table t = new Table("ID", "NAME", "PREFIX", "SOURCE", "ADMIN", "STATE", "CREATED");
            for (GatewayKey k : s.gatewayKeys.list()) {
                t.row(k.id(), k.name(), k.prefix(), k.source(), k.admin() ? "yes" : "no", k.active() ? "active" : "revoked", k.createdAt());
            }
            t.print(cli.out());
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a gateway key and print it once.")
    static final class Create extends Base {
        @Parameters(index = "0", paramLabel = "NAME", description = "A label for the key, e.g. the app that uses it.")
        String name;

        @Option(names = "--admin", description = "Allow this key to use the admin API (/api).")
        boolean admin;

        @Override
        void run(Services s) {
            GatewayKeys.Created created = s.gatewayKeys.create(name, admin, "admin");
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
