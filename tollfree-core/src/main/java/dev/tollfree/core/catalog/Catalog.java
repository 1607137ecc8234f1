package dev.tollfree.core.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An immutable set of provider descriptions, in a stable order. */
public final class Catalog {
    private final Map<String, ProviderSpec> providers;

    public Catalog(List<ProviderSpec> providers) {
        Map<String, ProviderSpec> byId = new LinkedHashMap<>();
        for (ProviderSpec p : providers) {
            if (byId.putIfAbsent(p.id(), p) != null) {
                throw new IllegalArgumentException("provider '" + p.id() + "' is defined twice");
            }
        }
        this.providers = Map.copyOf(byId);
        this.order = List.copyOf(byId.values());
    }

    private final List<ProviderSpec> order;

    /** The catalog shipped inside the jar. */
    public static Catalog builtIn() {
        return CatalogLoader.loadBuiltIn();
    }

    public List<ProviderSpec> providers() {
        return order;
    }

    public Optional<ProviderSpec> provider(String id) {
        return Optional.ofNullable(providers.get(id));
    }

    /** A new catalog with {@code spec} added or replacing the provider of the same id, keeping order. */
    public Catalog with(ProviderSpec spec) {
        List<ProviderSpec> next = new java.util.ArrayList<>(order.size() + 1);
        boolean replaced = false;
        for (ProviderSpec p : order) {
            if (p.id().equals(spec.id())) {
                next.add(spec);
                replaced = true;
            } else {
                next.add(p);
            }
        }
        if (!replaced) {
            next.add(spec);
        }
        return new Catalog(next);
    }
}
