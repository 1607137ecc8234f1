package dev.tollfree.core.service;

import dev.tollfree.core.catalog.Catalog;
import dev.tollfree.core.catalog.WireFormat;
import dev.tollfree.core.routing.RouteTable;
import dev.tollfree.core.routing.RouteTableBuilder;
import dev.tollfree.core.store.DiscoveredModel;
import dev.tollfree.core.store.Store;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Holds the current {@link RouteTable} and rebuilds it from the store after any change. Changes
 * bump a version in the store's metadata, so a second process (the CLI, another instance) can
 * see that routes are stale and {@link #refreshIfChanged()} picks them up.
 *
 * <p>The catalog it serves is the configured one plus the models discovery found that the
 * configuration does not know ({@link DiscoveredCatalog}), read again at every rebuild.
 */
public final class RoutingState {
    static final String VERSION_KEY = "routes_version";

    private final Catalog base;
    private final Store store;
    private final Set<WireFormat> supported;
    private final List<String> configChain;
    private final AtomicReference<RouteTable> table = new AtomicReference<>();
    private volatile Discovery discovery;
    private volatile String seenVersion = "";

    public RoutingState(Catalog catalog, Store store, Set<WireFormat> supported, List<String> configChain) {
        this.base = catalog;
        this.discovery = new Discovery(catalog, Map.of());
        this.store = store;
        this.supported = Set.copyOf(supported);
        this.configChain = List.copyOf(configChain);
        rebuild();
    }

    public RouteTable table() {
        return table.get();
    }

    /** The catalog in force: the configured one plus discovered models (disabled unless enabled). */
    public Catalog catalog() {
        return discovery.catalog();
    }

    /** The catalog and config file alone, without discovered models. */
    public Catalog configuredCatalog() {
        return base;
    }

    /** What discovery last recorded about {@code provider/model}, as of the last rebuild. */
    public Optional<DiscoveredModel> discovered(String providerSlashModel) {
        return Optional.ofNullable(discovery.rows().get(providerSlashModel));
    }

    /** The chain in force: the stored one if an operator saved one, else the config file's. */
    public List<String> chainOrder() {
        List<String> stored = store.settings().chain();
        return stored.isEmpty() ? configChain : stored;
    }

    public synchronized void rebuild() {
        seenVersion = store.settings().meta(VERSION_KEY).orElse("");
        List<DiscoveredModel> rows = store.discovered().list();
        Map<String, DiscoveredModel> byName = new HashMap<>();
        rows.forEach(r -> byName.put(r.name(), r));
        Catalog merged = DiscoveredCatalog.merge(base, rows);
        discovery = new Discovery(merged, Map.copyOf(byName));
        table.set(RouteTableBuilder.build(merged, store.providerKeys().list(), store.settings().modelSettings(), chainOrder(), supported));
    }

    /** Records a change made through this process and rebuilds. */
    public synchronized void changed() {
        long next = store.settings().meta(VERSION_KEY).map(Long::parseLong).orElse(0L) + 1;
        store.settings().putMeta(VERSION_KEY, Long.toString(next));
        rebuild();
    }

    /** Rebuilds when another process changed the store; returns true if it did. */
    public boolean refreshIfChanged() {
        String v = store.settings().meta(VERSION_KEY).orElse("");
        if (!v.equals(seenVersion)) {
            rebuild();
            return true;
        }
        return false;
    }

    /** The effective catalog and the discovery rows it was built from, swapped together. */
    private record Discovery(Catalog catalog, Map<String, DiscoveredModel> rows) {}
}
