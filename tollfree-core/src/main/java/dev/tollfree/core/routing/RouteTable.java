package dev.tollfree.core.routing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable snapshot of everything servable right now: the ordered chain for {@code auto}
 * and the lookup by name. Rebuilt (not mutated) when keys, models or the chain change.
 */
public final class RouteTable {
    public static final String AUTO = "auto";

    private final List<Route> chain;
    private final Map<String, List<Route>> byName;

    public RouteTable(List<Route> chain) {
        this.chain = List.copyOf(chain);
        Map<String, List<Route>> names = new LinkedHashMap<>();
        for (Route r : this.chain) {
            add(names, r.name(), r);
            add(names, r.model().id(), r);
            add(names, r.model().canonical(), r);
            for (String alias : r.model().aliases()) {
                add(names, alias, r);
            }
        }
        names.replaceAll((k, v) -> List.copyOf(v));
        this.byName = Map.copyOf(names);
    }

    private static void add(Map<String, List<Route>> names, String name, Route r) {
        List<Route> list = names.computeIfAbsent(name, k -> new ArrayList<>());
        if (!list.contains(r)) {
            list.add(r);
        }
    }

    /** Every route in fallback-chain order. */
    public List<Route> chain() {
        return chain;
    }

    /** Routes that serve {@code name} ({@code provider/model}, model id, canonical name or alias), in chain order. */
    public List<Route> named(String name) {
        return byName.getOrDefault(name, List.of());
    }

    /** Public model names for {@code /v1/models}: canonical names and {@code provider/model} ids. */
    public List<String> publicNames() {
        List<String> out = new ArrayList<>();
        for (Route r : chain) {
            if (!out.contains(r.model().canonical())) {
                out.add(r.model().canonical());
            }
        }
        for (Route r : chain) {
            out.add(r.name());
        }
        return out;
    }

    public boolean isEmpty() {
        return chain.isEmpty();
    }
}
