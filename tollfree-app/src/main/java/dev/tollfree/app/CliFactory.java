package dev.tollfree.app;

import picocli.CommandLine;

/** Hands every command the {@link Cli} context; no reflection beyond picocli's own. */
final class CliFactory implements CommandLine.IFactory {
    private final Cli cli;
    private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

    CliFactory(Cli cli) {
        this.cli = cli;
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
        K instance = fallback.create(cls);
        if (instance instanceof NeedsCli n) {
            n.cli(cli);
        }
        return instance;
    }

    /** Commands that talk to the outside world. */
    interface NeedsCli {
        void cli(Cli cli);
    }
}
