package dev.tollfree.app;

import dev.tollfree.app.config.GatewayConfig;
import dev.tollfree.app.config.ProviderConfig;
import dev.tollfree.core.adapter.HttpTransport;
import dev.tollfree.core.adapter.OpenAiCompatAdapter;
import dev.tollfree.core.adapter.anthropic.AnthropicAdapter;
import dev.tollfree.core.adapter.commandcode.CommandCodeAdapter;
import dev.tollfree.core.adapter.gemini.GeminiAdapter;
import dev.tollfree.core.adapter.ProviderAdapter;
import dev.tollfree.core.adapter.Watchdog;
import dev.tollfree.core.catalog.Catalog;
import dev.tollfree.core.catalog.ProviderSpec;
import dev.tollfree.core.catalog.WireFormat;
import dev.tollfree.core.quota.QuotaConfig;
import dev.tollfree.core.quota.QuotaLedger;
import dev.tollfree.core.quota.TokenCounter;
import dev.tollfree.core.routing.Adapters;
import dev.tollfree.core.routing.CircuitBreakers;
import dev.tollfree.core.routing.Cooldowns;
import dev.tollfree.core.routing.SessionAffinity;
import dev.tollfree.core.routing.Dispatcher;
import dev.tollfree.core.routing.RoutingSettings;
import dev.tollfree.core.secret.SecretBox;
import dev.tollfree.core.service.GatewayKeys;
import dev.tollfree.core.service.ModelDiscovery;
import dev.tollfree.core.service.Models;
import dev.tollfree.core.service.ProviderKeys;
import dev.tollfree.core.service.RoutingState;
import dev.tollfree.core.store.Store;
import dev.tollfree.store.RedisSettings;
import dev.tollfree.store.SharedState;
import dev.tollfree.store.StoreSettings;
import dev.tollfree.store.Stores;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The composition root: every concrete class is chosen and wired here, and only here. Used by
 * {@code serve} and by the CLI commands that work on the database directly.
 */
final class Services implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Services.class.getName());
    static final String COOLDOWNS_META = "cooldowns";
    final GatewayConfig config;
    final InstantSource clock;
    final LongSupplier nanos;
    final Store store;
    final SecretBox box;
    final Catalog catalog;
    final Watchdog watchdog;
    final HttpTransport transport;
    final Adapters adapters;
    final RoutingState routing;
    final GatewayKeys gatewayKeys;
    final ProviderKeys providerKeys;
    final Models models;
    final ModelDiscovery discovery;
    final Cooldowns cooldowns;
    final Dispatcher.Health health;
    final QuotaLedger ledger;
    /** The Redis shared with other gateways, when {@code redis.url} is set. */
    final Optional<SharedState> shared;
    final Dispatcher dispatcher;

    private Services(GatewayConfig config, InstantSource clock, LongSupplier nanos) {
        this.config = config;
        this.clock = clock;
        this.nanos = nanos;
        createDataDir(config.dataDir());
        this.store = Stores.open(new StoreSettings(config.jdbcUrl(),
                config.database().user().orElse(""), config.database().password().orElse("")));
        try {
            boolean sealed = !store.providerKeys().list().isEmpty();
            this.box = MasterKeys.resolve(config.security().masterKey(), config.masterKeyFile(), store.settings(), sealed);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        try {
            this.shared = config.redis().url().map(url -> SharedState.connect(
                    new RedisSettings(url, config.redis().prefix(), config.redis().timeout()), clock, nodeName()));
        } catch (RuntimeException e) {
            store.close();
            throw new MasterKeys.StartupException(e.getMessage()
                    + " (start Redis, or remove redis.url / TOLLFREE_REDIS_URL to keep this gateway's state to itself)");
        }
        shared.ifPresent(s -> {
            LOG.log(System.Logger.Level.INFO, "sharing quota, benches and sessions through Redis at " + s.describe()
                    + " with " + s.gateways() + " gateway(s)");
            if (config.jdbcUrl().startsWith("jdbc:sqlite:")) {
                LOG.log(System.Logger.Level.WARNING, "redis.url is set but the database is this gateway's own SQLite file: gateways that "
                        + "do not share one database must list the same provider keys in the same order, or their quota counts mix "
                        + "(quota is kept per key id). Share a PostgreSQL database instead (database.url).");
            }
        });
        this.catalog = effectiveCatalog(config);
        this.watchdog = new Watchdog(nanos, Duration.ofMillis(100));
        this.transport = new HttpTransport(config.routing().connectTimeout(), watchdog);
        this.adapters = new Adapters(Map.<WireFormat, ProviderAdapter>of(
                WireFormat.OPENAI, new OpenAiCompatAdapter(transport, clock, nanos),
                WireFormat.GEMINI, new GeminiAdapter(transport, clock, nanos),
                WireFormat.COMMANDCODE, new CommandCodeAdapter(transport, clock, nanos),
                WireFormat.ANTHROPIC, new AnthropicAdapter(transport, clock, nanos)));
        this.routing = new RoutingState(catalog, store, adapters.supported(), config.routing().chain());
        this.gatewayKeys = new GatewayKeys(store.gatewayKeys(), clock);
        this.providerKeys = new ProviderKeys(store.providerKeys(), box, routing, adapters, clock);
        this.models = new Models(store.settings(), routing);
        this.discovery = new ModelDiscovery(routing, store.discovered(), providerKeys, adapters, clock);
        this.cooldowns = new Cooldowns(clock, key -> providerKeys.validateLater(key.id())); // a rejected key is re-checked in the background
        store.settings().meta(COOLDOWNS_META).ifPresent(cooldowns::restore); // benches survive a restart
        shared.ifPresent(s -> s.shareBenches(cooldowns));
        var rc = config.routing();
        RoutingSettings settings = new RoutingSettings(rc.maxAttempts(), config.server().requestTimeout(),
                rc.firstByteTimeout(), rc.idleTimeout(), rc.cooldown(), rc.firstByteTimeouts());
        SessionAffinity.Memory sessions = SessionAffinity.localMemory(clock, 100_000);
        SessionAffinity affinity = rc.stickySessions()
                ? new SessionAffinity(clock, rc.sessionTtl(), shared.map(s -> s.sessions(sessions)).orElse(sessions))
                : SessionAffinity.disabled(clock);
        // a reservation is in flight for a request's whole budget at most; the lease outlasts it
        Duration lease = max(Duration.ofMinutes(15), config.server().requestTimeout().multipliedBy(2));
        this.ledger = shared.map(s -> s.ledger(QuotaConfig.DEFAULTS.evictAfter(), lease))
                .orElseGet(() -> QuotaLedger.create(QuotaConfig.DEFAULTS, clock, store.quota()));
        TokenCounter tokens = TokenCounter.create(); // its vocabulary loads on the first count (RunningGateway warms it)
        this.health = new Dispatcher.Health(cooldowns, CircuitBreakers.defaults(clock), affinity, ledger, tokens);
        this.dispatcher = new Dispatcher(adapters, routing::table, health, providerKeys::open, () -> settings, clock, nanos);
    }

    private static void createDataDir(java.nio.file.Path dir) {
        try {
            java.nio.file.Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new MasterKeys.StartupException("Cannot create the data directory " + dir + ": " + e.getMessage());
        }
    }

    /** This process's name among the gateways sharing one Redis: host, process id and a random part. */
    private static String nodeName() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "host";
        }
        return host + "-" + ProcessHandle.current().pid() + "-" + Long.toHexString(new java.security.SecureRandom().nextInt() & 0xffffffL);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    static Services open(GatewayConfig config) {
        return new Services(config, InstantSource.system(), System::nanoTime);
    }

    /** With an injected clock, for tests that drive cooldowns and timeouts by hand. */
    static Services open(GatewayConfig config, InstantSource clock, LongSupplier nanos) {
        return new Services(config, clock, nanos);
    }

    /** Built-in catalog with the config file applied; providers disabled in the file are left out. */
    static Catalog effectiveCatalog(GatewayConfig config) {
        Catalog all = config.effectiveCatalog(Catalog.builtIn());
        List<ProviderSpec> kept = new ArrayList<>();
        for (ProviderSpec p : all.providers()) {
            boolean disabled = config.provider(p.id()).map(pc -> !pc.enabled()).orElse(false);
            if (!disabled) {
                kept.add(p);
            }
        }
        return new Catalog(kept);
    }

    List<ProviderConfig> providerConfigs() {
        return config.providers();
    }

    @Override
    public void close() {
        try {
            store.settings().putMeta(COOLDOWNS_META, cooldowns.export());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not save the benches: " + e.getMessage());
        }
        transport.close();
        watchdog.close();
        ledger.close(); // writes the last counters before the store goes
        shared.ifPresent(SharedState::close);
        store.close();
    }
}
