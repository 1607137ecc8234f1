package dev.tollfree.app;

import dev.tollfree.app.config.ConfigLoader;
import dev.tollfree.app.config.GatewayConfig;
import dev.tollfree.core.catalog.Catalog;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Lets tests in other packages start the real gateway the way {@code tollfree serve} does. */
public final class TestAccess {
    private TestAccess() {}

    /** A started gateway. */
    public static final class Running implements AutoCloseable {
        private final RunningGateway gateway;

        Running(RunningGateway gateway) {
            this.gateway = gateway;
        }

        public int port() {
            return gateway.port();
        }

        @Override
        public void close() {
            gateway.close();
        }
    }

    public static Running start(Path config, Map<String, String> env) {
        return start(config, env, new PrintStream(PrintStream.nullOutputStream()));
    }

    /** Starts like {@code tollfree serve}; start-up problems surface as {@link IllegalStateException} with the operator message. */
    public static Running start(Path config, Map<String, String> env, PrintStream console) {
        return start(config, env, console, null);
    }

    /** Like {@link #start(Path, Map, PrintStream)} on a manual clock (null: the system clock). */
    public static Running start(Path config, Map<String, String> env, PrintStream console, dev.tollfree.testkit.ManualClock clock) {
        GatewayConfig c = ConfigLoader.load(Optional.of(config), env, Catalog.builtIn()).config();
        Services s = clock == null ? Commands.open(c) : Services.open(c, clock, clock::nanos);
        try {
            return new Running(RunningGateway.start(s, env, console));
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }
}
