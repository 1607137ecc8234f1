package dev.tollfree.core.service;

import dev.tollfree.core.adapter.Descriptors;
import dev.tollfree.core.catalog.Catalog;
import dev.tollfree.core.catalog.Limits;
import dev.tollfree.core.catalog.ModelSpec;
import dev.tollfree.core.catalog.ProviderSpec;
import dev.tollfree.core.store.DiscoveredModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Adds the models discovery found, and the catalog does not know, to their provider's model list:
 * disabled, with conservative defaults, so an operator sees them and decides. Catalog models are
 * never removed or changed here.
 */
final class DiscoveredCatalog {
    /** Context window assumed for a discovered model until an operator says otherwise. */
    static final int CONTEXT_WINDOW = 8192;

    private DiscoveredCatalog() {}

    /** {@code base} with every discovered model of a provider it holds appended, after the provider's own models. */
    static Catalog merge(Catalog base, List<DiscoveredModel> rows) {
        Map<String, List<String>> fresh = new HashMap<>();
        for (DiscoveredModel row : rows) {
            Optional<ProviderSpec> provider = base.provider(row.provider());
            if (provider.isPresent() && provider.get().model(row.model()).isEmpty()) {
                fresh.computeIfAbsent(row.provider(), p -> new ArrayList<>()).add(row.model());
            }
        }
        if (fresh.isEmpty()) {
            return base;
        }
        List<ProviderSpec> merged = new ArrayList<>();
        for (ProviderSpec p : base.providers()) {
            List<String> ids = fresh.get(p.id());
            if (ids == null) {
                merged.add(p);
                continue;
            }
            List<ModelSpec> models = new ArrayList<>(p.models());
            for (String id : ids.stream().distinct().sorted().toList()) {
                models.add(spec(p, id));
            }
            merged.add(p.withModels(models));
        }
        return new Catalog(merged);
    }

    /**
     * A discovered model as routing sees it: disabled, 8192 tokens of context, no capabilities,
     * intelligence and speed 1, no limits of its own.
     */
    static ModelSpec spec(ProviderSpec provider, String id) {
        return new ModelSpec(id, id, CONTEXT_WINDOW, 0, Set.of(), Limits.NONE, 1, 1, free(provider, id), false, List.of());
    }

    /**
     * Free when the provider marks free models by an id suffix ({@code :free} on OpenRouter and Kilo)
     * and the id carries it; otherwise free when every catalog model of the provider is free.
     */
    static boolean free(ProviderSpec provider, String id) {
        Optional<String> suffix = Descriptors.of(provider).freeSuffix();
        if (suffix.isPresent()) {
            return id.endsWith(suffix.get());
        }
        return !provider.models().isEmpty() && provider.models().stream().allMatch(ModelSpec::free);
    }
}
