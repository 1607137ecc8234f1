package dev.tollfree.app;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code tollfree}: the gateway and its operator commands. */
@Command(name = "tollfree",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Tollfree — one OpenAI-compatible endpoint over the free tiers of many LLM providers.",
        subcommands = {
                ServeCommand.class,
                KeysCommand.class,
                ProvidersCommand.class,
                ModelsCommand.class,
                ConfigCommand.class,
                WarmupCommand.class,
                CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, new Cli(System.getenv(), new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8), System.in)));
    }

    /** Runs a command line with the given environment and streams; returns the exit code. */
    public static int run(String[] args, Cli cli) {
        CommandLine cmd = new CommandLine(new Main(), new CliFactory(cli));
        cmd.setOut(cli.out());
        cmd.setErr(cli.err());
        cmd.setExecutionExceptionHandler((e, line, parsed) -> {
            cli.err().println("error: " + Cli.describe(e));
            return e instanceof IllegalArgumentException ? 2 : 1;
        });
        return cmd.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Version from the jar manifest, or "development" when running from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"tollfree " + (v == null ? "development" : v)};
        }
    }
}
