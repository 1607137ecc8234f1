package dev.tollfree.core.routing;

import dev.tollfree.core.catalog.Catalog;
import dev.tollfree.core.catalog.ModelSpec;
import dev.tollfree.core.catalog.ProviderSpec;
import dev.tollfree.core.catalog.WireFormat;
import dev.tollfree.core.store.ModelSetting;
import dev.tollfree.core.store.ProviderKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Combines the effective catalog, stored keys, stored model overrides and the chain into a
 * {@link RouteTable}. A provider is servable when it has an enabled key or is keyless, and its
 * wire format has an adapter.
 */
public final class RouteTableBuilder {
    private RouteTableBuilder() {}

    public static RouteTable build(Catalog catalog, List<ProviderKey> keys, List<ModelSetting> settings,
                                   List<String> chainOrder, Set<WireFormat> supported) {
        Map<String, List<KeyRef>> keysByProvider = new HashMap<>();
        for (ProviderKey k : keys) {
            if (k.enabled()) {
                keysByProvider.computeIfAbsent(k.provider(), p -> new ArrayList<>())
                        .add(new KeyRef(k.id(), k.provider(), k.label(), k.sealedSecret()));
            }
        }
        Map<String, ModelSetting> overrides = new HashMap<>();
        for (ModelSetting s : settings) {
            overrides.put(s.provider() + "/" + s.model(), s);
        }
        Map<String, Route> routes = new LinkedHashMap<>();
        for (ProviderSpec p : catalog.providers()) {
            if (!supported.contains(p.format())) {
                continue;
            }
            List<KeyRef> providerKeys = keysByProvider.getOrDefault(p.id(), List.of());
            if (providerKeys.isEmpty()) {
                if (!p.keyless()) {
                    continue;
                }
                providerKeys = List.of(KeyRef.anonymous(p.id()));
            }
            for (ModelSpec m : p.models()) {
                ModelSpec effective = applyOverride(m, overrides.get(p.id() + "/" + m.id()));
                if (effective.enabled()) {
                    Route r = new Route(p, effective, providerKeys);
                    routes.put(r.name(), r);
                }
            }
        }
        return new RouteTable(order(routes, chainOrder));
    }

    /** Explicit chain entries first, in their order; the rest by intelligence, then speed. */
    private static List<Route> order(Map<String, Route> routes, List<String> chainOrder) {
        List<Route> ordered = new ArrayList<>();
        for (String entry : chainOrder) {
            Route r = routes.remove(entry);
            if (r != null) {
                ordered.add(r);
            }
        }
        List<Route> rest = new ArrayList<>(routes.values());
        rest.sort(Comparator.comparingInt((Route r) -> -r.model().intelligence())
                .thenComparingInt(r -> -r.model().speed())
                .thenComparing(Route::name));
        ordered.addAll(rest);
        return ordered;
    }

    public static ModelSpec applyOverride(ModelSpec m, ModelSetting s) {
        if (s == null) {
            return m;
        }
        return new ModelSpec(m.id(), m.canonical(),
                s.contextWindow().orElse(m.contextWindow()), m.maxOutput(),
                s.capabilities().orElse(m.capabilities()),
                s.limits().map(l -> m.limits().overriddenBy(l)).orElse(m.limits()),
                s.intelligence().orElse(m.intelligence()), m.speed(), m.free(),
                s.enabled().orElse(m.enabled()), m.aliases());
    }
}
