package dev.tollfree.app.config;

import dev.tollfree.core.catalog.Capability;
import dev.tollfree.core.catalog.Limits;
import dev.tollfree.core.catalog.ModelSpec;
import java.util.Optional;
import java.util.Set;

/**
 * Config-file changes to one catalog model of a built-in provider; an empty field keeps the
 * catalog value. The same fields the admin API stores ({@code ModelSetting}).
 *
 * @param model         the model id in the catalog
 * @param enabled       enable or disable the model
 * @param contextWindow tokens of context
 * @param capabilities  replaces the catalog's set as a whole
 * @param limits        merged field by field: a non-zero value wins ({@link Limits#overriddenBy})
 * @param intelligence  rank 1..100
 */
public record ModelOverride(
        String model,
        Optional<Boolean> enabled,
        Optional<Integer> contextWindow,
        Optional<Set<Capability>> capabilities,
        Optional<Limits> limits,
        Optional<Integer> intelligence) {

    public ModelOverride {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("a model override needs the model id");
        }
        capabilities = capabilities.map(Set::copyOf);
    }

    public ModelSpec applyTo(ModelSpec m) {
        if (!m.id().equals(model)) {
            throw new IllegalArgumentException("override for model " + model + " applied to " + m.id());
        }
        return new ModelSpec(
                m.id(),
                m.canonical(),
                contextWindow.orElse(m.contextWindow()),
                m.maxOutput(),
                capabilities.orElse(m.capabilities()),
                limits.map(l -> m.limits().overriddenBy(l)).orElse(m.limits()),
                intelligence.orElse(m.intelligence()),
                m.speed(),
                m.free(),
                enabled.orElse(m.enabled()),
                m.aliases());
    }
}
