package dev.tollfree.core.store;

/** Everything Tollfree keeps at rest, behind one handle. Implementations are thread-safe. */
public interface Store extends AutoCloseable {
    ProviderKeyStore providerKeys();

    GatewayKeyStore gatewayKeys();

    SettingsStore settings();

    RequestLogStore requestLog();

    /** Snapshots of the quota ledger. */
    QuotaStore quota();

    /** What the providers' model lists said (model discovery). */
    DiscoveredModelStore discovered();

    /** A short description for logs, e.g. {@code sqlite:/srv/tollfree/data/tollfree.db}. Never contains a password. */
    String describe();

    @Override
    void close();
}
