package dev.tollfree.app;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code tollfree}: the gateway and its operator commands. */
@Command(name = "tollfree",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Tollfree — one OpenAI-compatible endpoint over the free tiers of many LLM providers.")
public final class Main implements Runnable {
    /**
     * The subcommands, in the order help lists them. Only the one a command line names is
     * modelled: picocli builds its model by reflection over classes the JVM cannot keep in the
     * start-up cache, and modelling every command costs a few hundred milliseconds at each start.
     */
    private static final List<Class<?>> SUBCOMMANDS = List.of(
            ServeCommand.class,
            KeysCommand.class,
            ProvidersCommand.class,
            ModelsCommand.class,
            ConfigCommand.class,
            WarmupCommand.class,
            CommandLine.HelpCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, new Cli(System.getenv(), new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8), System.in)));
    }

    /** Runs a command line with the given environment and streams; returns the exit code. */
    public static int run(String[] args, Cli cli) {
        ServeCommand serve = plainServe(args);
        if (serve != null) {
            serve.cli(cli);
            try {
                serve.run();
                return 0;
            } catch (RuntimeException e) {
                cli.err().println("error: " + Cli.describe(e));
                return e instanceof IllegalArgumentException ? 2 : 1;
            }
        }
        CommandLine cmd = new CommandLine(new Main(), new CliFactory(cli));
        Class<?> named = args.length == 0 ? null : SUBCOMMANDS.stream()
                .filter(c -> c != CommandLine.HelpCommand.class && c.getAnnotation(Command.class).name().equals(args[0]))
                .findFirst().orElse(null);
        for (Class<?> sub : named == null ? SUBCOMMANDS : List.<Class<?>>of(named)) {
            cmd.addSubcommand(sub);
        }
        cmd.setOut(cli.out());
        cmd.setErr(cli.err());
        cmd.setExecutionExceptionHandler((e, line, parsed) -> {
            cli.err().println("error: " + Cli.describe(e));
            return e instanceof IllegalArgumentException ? 2 : 1;
        });
        return cmd.execute(args);
    }

    /**
     * {@code serve}, alone or with {@code -c FILE} / {@code --config FILE} / {@code --config=FILE}:
     * the command every start of the gateway runs, parsed without picocli (whose classes cost about
     * 300 ms to load at each start and cannot be kept in the start-up cache). Anything else, help
     * and mistakes included, goes through picocli as before; null then.
     */
    static ServeCommand plainServe(String[] args) {
        if (args.length == 0 || !args[0].equals("serve")) {
            return null;
        }
        String file = null;
        int i = 1;
        if (args.length == 3 && (args[1].equals("-c") || args[1].equals("--config"))) {
            file = args[2];
            i = 3;
        } else if (args.length == 2 && args[1].startsWith("--config=")) {
            file = args[1].substring("--config=".length());
            i = 2;
        }
        if (i != args.length || (file != null && (file.isEmpty() || file.startsWith("-")))) {
            return null;
        }
        ServeCommand serve = new ServeCommand();
        serve.config = new ConfigOption();
        if (file != null) {
            try {
                serve.config.file = java.nio.file.Path.of(file);
            } catch (java.nio.file.InvalidPathException e) {
                return null;
            }
        }
        return serve;
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
