package dev.tollfree.core.service;

import dev.tollfree.core.catalog.ModelSpec;
import dev.tollfree.core.catalog.ProviderSpec;
import dev.tollfree.core.routing.Route;
import dev.tollfree.core.store.ModelSetting;
import dev.tollfree.core.store.SettingsStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Operator view and control of models: effective settings, enable/disable, the chain. */
public final class Models {
    private final SettingsStore settings;
    private final RoutingState routing;

    /**
     * One model of one provider with everything applied.
     *
     * @param servable      the provider has an enabled key (or is keyless) and the model is enabled
     * @param discovered    the model came from the provider's model list, not from the catalog or config
     * @param vanishedSince since when the provider's model list leaves it out, if it does
     */
    public record Entry(ProviderSpec provider, ModelSpec model, boolean servable, boolean discovered,
                        Optional<Instant> vanishedSince) {
        public String name() {
            return provider.id() + "/" + model.id();
        }
    }

    public Models(SettingsStore settings, RoutingState routing) {
        this.settings = settings;
        this.routing = routing;
    }

    public List<Entry> list() {
        Map<String, ModelSetting> overrides = new HashMap<>();
        for (ModelSetting s : settings.modelSettings()) {
            overrides.put(s.provider() + "/" + s.model(), s);
        }
        Set<String> servable = new HashSet<>();
        for (Route r : routing.table().chain()) {
            servable.add(r.name());
        }
        List<Entry> out = new ArrayList<>();
        for (ProviderSpec p : routing.catalog().providers()) {
            for (ModelSpec m : p.models()) {
                String name = p.id() + "/" + m.id();
                ModelSpec effective = dev.tollfree.core.routing.RouteTableBuilder.applyOverride(m, overrides.get(name));
                boolean discovered = routing.configuredCatalog().provider(p.id()).flatMap(c -> c.model(m.id())).isEmpty();
                Optional<Instant> vanished = routing.discovered(name).flatMap(d -> d.vanishedSince());
                out.add(new Entry(p, effective, servable.contains(name), discovered, vanished));
            }
        }
        return out;
    }

    /** Enables or disables {@code provider/model}, catalog or discovered; false when no such model exists. */
    public boolean setEnabled(String providerSlashModel, boolean enabled) {
        return update(providerSlashModel, s -> s.withEnabled(enabled));
    }

    /**
     * Overrides a model's limits at run time (field by field over the catalog and config values;
     * a zero field keeps theirs). Stored, so it wins over the file and survives restarts.
     */
    public boolean setLimits(String providerSlashModel, dev.tollfree.core.catalog.Limits limits) {
        return update(providerSlashModel, s -> new ModelSetting(s.provider(), s.model(), s.enabled(), java.util.Optional.of(limits),
                s.contextWindow(), s.capabilities(), s.intelligence()));
    }

    private boolean update(String providerSlashModel, java.util.function.UnaryOperator<ModelSetting> change) {
        String[] parts = split(providerSlashModel);
        boolean known = routing.catalog().provider(parts[0]).flatMap(p -> p.model(parts[1])).isPresent();
        if (!known) {
            return false;
        }
        ModelSetting current = settings.modelSettings().stream()
                .filter(s -> s.provider().equals(parts[0]) && s.model().equals(parts[1]))
                .findFirst().orElse(ModelSetting.empty(parts[0], parts[1]));
        settings.putModelSetting(change.apply(current));
        routing.changed();
        return true;
    }

    public List<String> chain() {
        return routing.chainOrder();
    }

    /** Saves an explicit chain; every entry must name a known {@code provider/model}. */
    public void setChain(List<String> entries) {
        for (String e : entries) {
            String[] parts = split(e);
            if (routing.catalog().provider(parts[0]).flatMap(p -> p.model(parts[1])).isEmpty()) {
                throw new IllegalArgumentException("chain entry '" + e + "' is not a known provider/model");
            }
        }
        settings.putChain(entries);
        routing.changed();
    }

    /** Splits {@code provider/model}; model ids may themselves contain slashes. */
    static String[] split(String providerSlashModel) {
        int slash = providerSlashModel.indexOf('/');
        if (slash <= 0 || slash == providerSlashModel.length() - 1) {
            throw new IllegalArgumentException("expected provider/model, got '" + providerSlashModel + "'");
        }
        return new String[] {providerSlashModel.substring(0, slash), providerSlashModel.substring(slash + 1)};
    }
}
