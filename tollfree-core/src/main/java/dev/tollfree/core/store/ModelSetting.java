package dev.tollfree.core.store;

import dev.tollfree.core.catalog.Capability;
import dev.tollfree.core.catalog.Limits;
import java.util.Optional;
import java.util.Set;

/**
 * An operator override for one (provider, model). Every field is optional: empty means "keep the
 * catalog or config value".
 */
public record ModelSetting(
        String provider,
        String model,
        Optional<Boolean> enabled,
        Optional<Limits> limits,
        Optional<Integer> contextWindow,
        Optional<Set<Capability>> capabilities,
        Optional<Integer> intelligence) {

    public static ModelSetting empty(String provider, String model) {
        return new ModelSetting(provider, model, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public ModelSetting withEnabled(boolean value) {
        return new ModelSetting(provider, model, Optional.of(value), limits, contextWindow, capabilities, intelligence);
    }
}
