package dev.tollfree.app;

import dev.tollfree.core.log.RequestLogger;
import dev.tollfree.core.service.GatewayKeys;
import dev.tollfree.server.GatewayServer;
import dev.tollfree.server.ServerSettings;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** A started gateway: services, HTTP server, request logger and housekeeping. Closing stops it cleanly. */
final class RunningGateway implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RunningGateway.class.getName());
    static final String BOOTSTRAP_ENV = "TOLLFREE_BOOTSTRAP_KEY";
    /** Model discovery runs this long after start, then every {@link #DISCOVERY_INTERVAL}. */
    static final Duration DISCOVERY_DELAY = Duration.ofSeconds(60);
    static final Duration DISCOVERY_INTERVAL = Duration.ofHours(24);
    /** The tokenizer's vocabulary is loaded this long after start when routes need it. */
    static final Duration TOKENIZER_DELAY = Duration.ofSeconds(2);

    final Services services;
    final GatewayServer server;
    private final Optional<RequestLogger> requestLogger;
    private final ScheduledExecutorService housekeeping;

    private RunningGateway(Services services, GatewayServer server, Optional<RequestLogger> requestLogger, ScheduledExecutorService housekeeping) {
        this.services = services;
        this.server = server;
        this.requestLogger = requestLogger;
        this.housekeeping = housekeeping;
    }

    static RunningGateway start(Services s, Map<String, String> env, PrintStream console) {
        for (Long id : ConfigSync.sync(s)) {
            s.providerKeys.validateLater(id);
        }
        bootstrapKey(s.gatewayKeys, env, console);
        Optional<RequestLogger> logger = s.config.logging().requestLog()
                ? Optional.of(new RequestLogger(s.store.requestLog(), 50_000)) : Optional.empty();
        var sc = s.config.server();
        var settings = new ServerSettings(sc.host(), sc.port(), sc.maxBodySize(), sc.maxInFlight(), sc.queueTimeout(), sc.requestTimeout());
        GatewayServer server = GatewayServer.start(new GatewayServer.Components(settings, s.store, s.routing, s.dispatcher,
                s.gatewayKeys, s.providerKeys, s.models, s.discovery, logger, s.ledger,
                new dev.tollfree.core.service.CallerLimits(s.ledger, s.health.tokens(), s.clock), s.cooldowns,
                () -> s.shared.map(sh -> new dev.tollfree.core.service.SharedStatus(sh.describe(), !sh.degraded(), sh.gateways())),
                s.clock, s.nanos));
        ScheduledExecutorService hk = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("tollfree-housekeeping").factory());
        hk.scheduleWithFixedDelay(() -> refresh(s), 2, 2, TimeUnit.SECONDS);
        Duration retention = s.config.logging().requestLogRetention();
        hk.scheduleWithFixedDelay(() -> prune(s, retention), 1, 60, TimeUnit.MINUTES);
        AtomicBoolean discovering = new AtomicBoolean();
        hk.scheduleWithFixedDelay(() -> discoverLater(s, discovering), DISCOVERY_DELAY.toSeconds(), DISCOVERY_INTERVAL.toSeconds(), TimeUnit.SECONDS);
        hk.schedule(() -> warmTokenizer(s), TOKENIZER_DELAY.toMillis(), TimeUnit.MILLISECONDS);
        return new RunningGateway(s, server, logger, hk);
    }

    /**
     * Loads the tokenizer's vocabulary (about a second of CPU and 40 MB of heap) in the background
     * once the server is up, when a route has a configured token limit, so that its first counted
     * request does not wait for it. Without one it loads when a learned token limit first needs a count.
     */
    private static void warmTokenizer(Services s) {
        boolean tokenLimits = s.routing.table().chain().stream().anyMatch(r -> countsTokens(r.model().limits()) || countsTokens(r.provider().accountLimits()));
        if (tokenLimits) {
            Thread.ofVirtual().name("tokenizer-warmup").start(() -> s.health.tokens().textTokens("warm up"));
        }
    }

    private static boolean countsTokens(dev.tollfree.core.catalog.Limits limits) {
        return limits.tpm() > 0 || limits.tpd() > 0;
    }

    /** Picks up changes another process (the CLI, another instance) made to keys, models or chain. */
    private static void refresh(Services s) {
        try {
            if (s.routing.refreshIfChanged()) {
                s.gatewayKeys.invalidate();
                LOG.log(System.Logger.Level.INFO, "routes reloaded: " + s.routing.table().chain().size() + " servable models");
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not refresh routes: " + e.getMessage());
        }
    }

    /**
     * Reads every provider's model list on a virtual thread, so slow providers never hold up the
     * route refresh on the housekeeping thread; a run still going when the next is due is not doubled.
     */
    private static void discoverLater(Services s, AtomicBoolean running) {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        Thread.ofVirtual().name("model-discovery").start(() -> {
            try {
                for (dev.tollfree.core.service.DiscoveryReport r : s.discovery.discoverAll()) {
                    System.Logger.Level level = r instanceof dev.tollfree.core.service.DiscoveryReport.Failed
                            ? System.Logger.Level.WARNING : System.Logger.Level.INFO;
                    LOG.log(level, "model discovery: " + r.summary());
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "model discovery failed: " + e.getMessage());
            } finally {
                running.set(false);
            }
        });
    }

    private static void prune(Services s, Duration retention) {
        try {
            long n = s.store.requestLog().prune(s.clock.instant().minus(retention));
            if (n > 0) {
                LOG.log(System.Logger.Level.INFO, "pruned " + n + " request log rows older than " + retention.toDays() + " days");
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not prune the request log: " + e.getMessage());
        }
    }

    /** First start: make sure someone can call the gateway. The generated key is printed once, never logged. */
    private static void bootstrapKey(GatewayKeys keys, Map<String, String> env, PrintStream console) {
        if (keys.anyActive()) {
            return;
        }
        String fixed = env.getOrDefault(BOOTSTRAP_ENV, "").strip();
        if (!fixed.isEmpty()) {
            try {
                keys.createWith(fixed, "bootstrap", true, "bootstrap");
            } catch (dev.tollfree.core.store.StoreException e) {
                throw new MasterKeys.StartupException("The key in " + BOOTSTRAP_ENV + " was revoked earlier and cannot be registered again, "
                        + "and no other gateway key is active. Put a new key in " + BOOTSTRAP_ENV + " (tf- followed by at least 16 random characters).");
            }
            LOG.log(System.Logger.Level.INFO, "registered the admin key from " + BOOTSTRAP_ENV);
            return;
        }
        GatewayKeys.Created created = keys.create("bootstrap", true, "bootstrap");
        console.println();
        console.println("  Your Tollfree admin key (shown once; store it now):");
        console.println();
        console.println("      " + created.plain());
        console.println();
        console.println("  Use it as the API key of any OpenAI client. Create more with `tollfree keys create NAME`.");
        console.println();
        console.flush();
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() {
        housekeeping.shutdownNow();
        server.close();
        requestLogger.ifPresent(RequestLogger::close);
        services.close();
    }
}
