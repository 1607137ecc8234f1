package dev.tollfree.app;

import dev.tollfree.app.config.ConfigResult;
import dev.tollfree.app.config.GatewayConfig;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Start the gateway (default 127.0.0.1:3001, SQLite under ./data).")
final class ServeCommand implements Runnable, CliFactory.NeedsCli {
    private static final System.Logger LOG = System.getLogger(ServeCommand.class.getName());

    @Mixin
    ConfigOption config;

    private Cli cli;

    @Override
    public void cli(Cli cli) {
        this.cli = cli;
    }

    @Override
    public void run() {
        long t0 = System.nanoTime();
        StartupPrewarm.begin();
        ConfigResult loaded = config.load(cli);
        GatewayConfig c = loaded.config();
        Logging.configure(c.logging().level());
        Services services = Commands.open(c);
        RunningGateway gateway;
        try {
            gateway = RunningGateway.start(services, cli.env(), new java.io.PrintStream(System.out, true, java.nio.charset.StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            services.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.log(System.Logger.Level.INFO, "shutting down");
            gateway.close();
            stopped.countDown();
        }, "tollfree-shutdown"));
        long millis = (System.nanoTime() - t0) / 1_000_000;
        LOG.log(System.Logger.Level.INFO, "Tollfree listening on http://" + c.server().host() + ":" + gateway.port()
                + " (" + services.store.describe() + ", " + services.routing.table().chain().size() + " servable models, started in " + millis + " ms)");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
