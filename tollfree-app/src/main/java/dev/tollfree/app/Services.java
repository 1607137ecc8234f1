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
import dev.tollfree.store.StoreSettings;
import dev.tollfree.store.Stores;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        var rc = config.routing();
        RoutingSettings settings = new RoutingSettings(rc.maxAttempts(), config.server().requestTimeout(),
                rc.firstByteTimeout(), rc.idleTimeout(), rc.cooldown(), rc.firstByteTimeouts());
        SessionAffinity affinity = rc.stickySessions() ? new SessionAffinity(clock, rc.sessionTtl(), 100_000) : SessionAffinity.disabled(clock);
        this.ledger = QuotaLedger.create(QuotaConfig.DEFAULTS, clock, store.quota());
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
        store.close();
    }
}
