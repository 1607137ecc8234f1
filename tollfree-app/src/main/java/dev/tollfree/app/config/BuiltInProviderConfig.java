package dev.tollfree.app.config;

import dev.tollfree.core.catalog.Limits;
import dev.tollfree.core.catalog.ModelSpec;
import dev.tollfree.core.catalog.ProviderSpec;
import java.util.List;
import java.util.Optional;

/**
 * Operator settings for a provider the catalog already knows.
 *
 * @param baseUrl overrides the catalog URL (for a proxy or a regional endpoint)
 * @param limits  account-wide limits, merged field by field over the catalog's
 * @param models  per-model overrides; every model id exists in the catalog the config was loaded against
 */
public record BuiltInProviderConfig(
        String id,
        boolean enabled,
        Optional<String> baseUrl,
        List<ProviderKeyConfig> keys,
        Optional<Limits> limits,
        List<ModelOverride> models) implements ProviderConfig {

    public BuiltInProviderConfig {
        if (id == null || !Values.PROVIDER_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("bad provider id '" + id + "'");
        }
        keys = List.copyOf(keys);
        models = List.copyOf(models);
    }

    @Override
    public boolean custom() {
        return false;
    }

    public Optional<ModelOverride> model(String modelId) {
        return models.stream().filter(m -> m.model().equals(modelId)).findFirst();
    }

    /** The catalog spec with this section's base URL, account limits and model overrides applied. */
    public ProviderSpec applyTo(ProviderSpec builtIn) {
        if (!builtIn.id().equals(id)) {
            throw new IllegalArgumentException("config for provider " + id + " applied to " + builtIn.id());
        }
        List<ModelSpec> merged = builtIn.models().stream()
                .map(m -> model(m.id()).map(o -> o.applyTo(m)).orElse(m))
                .toList();
        return new ProviderSpec(
                id,
                builtIn.displayName(),
                baseUrl.orElse(builtIn.baseUrl()),
                builtIn.auth(),
                builtIn.authHeader(),
                builtIn.format(),
                builtIn.keyless(),
                limits.map(l -> builtIn.accountLimits().overriddenBy(l)).orElse(builtIn.accountLimits()),
                merged,
                builtIn.custom());
    }
}
