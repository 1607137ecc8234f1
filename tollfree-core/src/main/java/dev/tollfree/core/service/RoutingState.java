package dev.tollfree.core.service;

import dev.tollfree.core.catalog.Catalog;
import dev.tollfree.core.catalog.WireFormat;
import dev.tollfree.core.routing.RouteTable;
import dev.tollfree.core.routing.RouteTableBuilder;
import dev.tollfree.core.store.Store;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Holds the current {@link RouteTable} and rebuilds it from the store after any change. Changes
 * bump a version in the store's metadata, so a second process (the CLI, another instance) can
 * see that routes are stale and {@link #refreshIfChanged()} picks them up.
 */
public final class RoutingState {
    static final String VERSION_KEY = "routes_version";

    private final Catalog catalog;
    private final Store store;
    private final Set<WireFormat> supported;
    private final List<String> configChain;
    private final AtomicReference<RouteTable> table = new AtomicReference<>();
    private volatile String seenVersion = "";

    public RoutingState(Catalog catalog, Store store, Set<WireFormat> supported, List<String> configChain) {
        this.catalog = catalog;
        this.store = store;
        this.supported = Set.copyOf(supported);
        this.configChain = List.copyOf(configChain);
        rebuild();
    }

    public RouteTable table() {
        return table.get();
    }

    public Catalog catalog() {
        return catalog;
    }

    /** The chain in force: the stored one if an operator saved one, else the config file's. */
    public List<String> chainOrder() {
        List<String> stored = store.settings().chain();
        return stored.isEmpty() ? configChain : stored;
    }

    public synchronized void rebuild() {
        seenVersion = store.settings().meta(VERSION_KEY).orElse("");
        table.set(RouteTableBuilder.build(catalog, store.providerKeys().list(), store.settings().modelSettings(), chainOrder(), supported));
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
}
