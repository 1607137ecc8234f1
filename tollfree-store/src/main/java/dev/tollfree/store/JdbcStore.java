package dev.tollfree.store;

import dev.tollfree.core.store.DiscoveredModelStore;
import dev.tollfree.core.store.GatewayKeyStore;
import dev.tollfree.core.store.ProviderKeyStore;
import dev.tollfree.core.store.QuotaStore;
import dev.tollfree.core.store.RequestLogStore;
import dev.tollfree.core.store.SettingsStore;
import dev.tollfree.core.store.Store;
import java.time.InstantSource;

/** The JDBC store: six port implementations over one {@link Database}. */
final class JdbcStore implements Store {
    private final Database db;
    private final ProviderKeyStore providerKeys;
    private final GatewayKeyStore gatewayKeys;
    private final SettingsStore settings;
    private final RequestLogStore requestLog;
    private final QuotaStore quota;
    private final DiscoveredModelStore discovered;

    JdbcStore(Database db, InstantSource clock) {
        this.db = db;
        this.providerKeys = new JdbcProviderKeyStore(db, clock);
        this.gatewayKeys = new JdbcGatewayKeyStore(db);
        this.settings = new JdbcSettingsStore(db);
        this.requestLog = new JdbcRequestLogStore(db);
        this.quota = new JdbcQuotaStore(db);
        this.discovered = new JdbcDiscoveredModelStore(db);
    }

    @Override
    public ProviderKeyStore providerKeys() {
        return providerKeys;
    }

    @Override
    public GatewayKeyStore gatewayKeys() {
        return gatewayKeys;
    }

    @Override
    public SettingsStore settings() {
        return settings;
    }

    @Override
    public RequestLogStore requestLog() {
        return requestLog;
    }

    @Override
    public QuotaStore quota() {
        return quota;
    }

    @Override
    public DiscoveredModelStore discovered() {
        return discovered;
    }

    @Override
    public String describe() {
        return db.description();
    }

    /** The database underneath, for tests in this package. */
    Database database() {
        return db;
    }

    @Override
    public void close() {
        db.close();
    }

    @Override
    public String toString() {
        return "JdbcStore[" + describe() + "]";
    }
}
