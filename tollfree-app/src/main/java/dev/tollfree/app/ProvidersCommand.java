package dev.tollfree.app;

import dev.tollfree.core.adapter.KeyValidation;
import dev.tollfree.core.catalog.ProviderSpec;
import dev.tollfree.core.store.ProviderKey;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "providers", mixinStandardHelpOptions = true,
        description = "Providers and their keys (keys are encrypted at rest and only ever shown masked).",
        subcommands = {ProvidersCommand.List.class, ProvidersCommand.Keys.class, ProvidersCommand.AddKey.class,
                ProvidersCommand.RemoveKey.class, ProvidersCommand.EnableKey.class, ProvidersCommand.DisableKey.class,
                ProvidersCommand.TestKey.class})
final class ProvidersCommand {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List known providers with their key counts.")
    static final class List extends KeysCommand.Base {
        @Override
        void run(Services s) {
            Table t = new Table("ID", "NAME", "BASE URL", "FORMAT", "KEYLESS", "KEYS", "MODELS");
            for (ProviderSpec p : s.catalog.providers()) {
                long keys = s.providerKeys.list().stream().filter(k -> k.provider().equals(p.id())).count();
                t.row(p.id(), p.displayName(), p.baseUrl(), p.format().wireName(), p.keyless() ? "yes" : "no", keys, p.models().size());
            }
            t.print(cli.out());
        }
    }

    @Command(name = "keys", mixinStandardHelpOptions = true, description = "List provider keys (masked).")
    static final class Keys extends KeysCommand.Base {
        @Override
        void run(Services s) {
            Table t = new Table("ID", "PROVIDER", "LABEL", "KEY", "ENABLED", "SOURCE", "LAST CHECK");
            for (ProviderKey k : s.providerKeys.list()) {
                String check = k.lastCheck().map(c -> c.status() + " " + c.at() + " (" + c.latencyMillis() + " ms)").orElse("never");
                t.row(k.id(), k.provider(), k.label(), k.hint(), k.enabled() ? "yes" : "no", k.source(), check);
            }
            t.print(cli.out());
        }
    }

    @Command(name = "add-key", mixinStandardHelpOptions = true,
            description = {"Add a key for a provider and test it.",
                    "The key is read from --key-env VAR, else from standard input (piped), else prompted for without echo;",
                    "it is never taken as a command-line argument, which would leave it in shell history."})
    static final class AddKey extends KeysCommand.Base {
        @Parameters(index = "0", paramLabel = "PROVIDER", description = "Provider id, see `tollfree providers list`.")
        String provider;

        @Option(names = "--label", description = "A label unique for this provider (default: key-N).")
        String label;

        @Option(names = "--key-env", paramLabel = "VAR", description = "Read the key from this environment variable.")
        String keyEnv;

        @Option(names = "--account-id", description = "Account id, for providers that put it in the URL (Cloudflare).")
        String accountId;

        @Option(names = "--no-test", description = "Do not call the provider to validate the key.")
        boolean noTest;

        @Override
        void run(Services s) {
            String secret = readSecret();
            String l = label != null ? label : s.providerKeys.freeLabel(provider);
            ProviderKey key = s.providerKeys.add(provider, l, secret, Optional.ofNullable(accountId), "admin");
            cli.out().println("Added key #" + key.id() + " for " + provider + " (" + key.hint() + ").");
            if (!noTest) {
                KeyValidation v = s.providerKeys.validate(key.id());
                cli.out().println("Test: " + v.status() + " — " + v.detail() + " (" + v.latencyMillis() + " ms)");
            }
        }

        private String readSecret() {
            if (keyEnv != null) {
                String v = cli.env().get(keyEnv);
                if (v == null || v.isBlank()) {
                    throw new IllegalArgumentException("environment variable " + keyEnv + " is not set");
                }
                return v.strip();
            }
            java.io.Console console = System.console();
            if (console != null && cli.in() == System.in) {
                char[] typed = console.readPassword("Key for %s: ", provider);
                if (typed == null || typed.length == 0) {
                    throw new IllegalArgumentException("no key entered");
                }
                return new String(typed).strip();
            }
            try {
                String line = new BufferedReader(new InputStreamReader(cli.in(), StandardCharsets.UTF_8)).readLine();
                if (line == null || line.isBlank()) {
                    throw new IllegalArgumentException("no key on standard input; pipe it in or use --key-env VAR");
                }
                return line.strip();
            } catch (IOException e) {
                throw new IllegalArgumentException("could not read the key from standard input: " + e.getMessage());
            }
        }
    }

    abstract static class ById extends KeysCommand.Base {
        @Parameters(index = "0", paramLabel = "ID", description = "Key id, see `tollfree providers keys`.")
        long id;

        ProviderKey require(Services s) {
            return s.providerKeys.find(id).orElseThrow(() -> new IllegalArgumentException("no provider key with id " + id));
        }
    }

    @Command(name = "remove-key", mixinStandardHelpOptions = true, description = "Delete a provider key.")
    static final class RemoveKey extends ById {
        @Override
        void run(Services s) {
            ProviderKey k = require(s);
            s.providerKeys.remove(id);
            cli.out().println("Removed key #" + id + " (" + k.provider() + "/" + k.label() + ").");
        }
    }

    abstract static class SetEnabled extends ById {
        abstract boolean enabled();

        @Override
        void run(Services s) {
            require(s);
            s.providerKeys.setEnabled(id, enabled());
            cli.out().println((enabled() ? "Enabled" : "Disabled") + " key #" + id + ".");
        }
    }

    @Command(name = "enable-key", mixinStandardHelpOptions = true, description = "Enable a provider key.")
    static final class EnableKey extends SetEnabled {
        @Override
        boolean enabled() {
            return true;
        }
    }

    @Command(name = "disable-key", mixinStandardHelpOptions = true, description = "Disable a provider key without deleting it.")
    static final class DisableKey extends SetEnabled {
        @Override
        boolean enabled() {
            return false;
        }
    }

    @Command(name = "test-key", mixinStandardHelpOptions = true, description = "Validate a provider key with a cheap provider call.")
    static final class TestKey extends ById {
        @Override
        void run(Services s) {
            require(s);
            KeyValidation v = s.providerKeys.validate(id);
            cli.out().println(v.status() + " — " + v.detail() + " (" + v.latencyMillis() + " ms)");
        }
    }
}
