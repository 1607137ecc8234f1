package dev.tollfree.core.catalog;

import java.util.List;
import java.util.Optional;

/**
 * A provider as the catalog (or an operator's custom entry) describes it.
 *
 * @param id           stable id used in config, CLI and logs ({@code groq})
 * @param displayName  human name
 * @param baseUrl      API root, without a trailing slash; may contain {@code {account_id}}
 * @param auth         where the credential goes
 * @param authHeader   header name for {@link AuthStyle#HEADER}, otherwise empty
 * @param format       wire dialect
 * @param keyless      true when the provider serves free models without any key
 * @param accountLimits account-wide limits across all models of one key (e.g. OpenRouter free daily cap)
 * @param models       the known free models
 * @param custom       true for operator-defined providers
 */
public record ProviderSpec(
        String id,
        String displayName,
        String baseUrl,
        AuthStyle auth,
        String authHeader,
        WireFormat format,
        boolean keyless,
        Limits accountLimits,
        List<ModelSpec> models,
        boolean custom) {

    public ProviderSpec {
        if (id == null || !id.matches("[a-z0-9][a-z0-9_-]*")) {
            throw new IllegalArgumentException("provider id '" + id + "' must be lower-case letters, digits, '-' or '_'");
        }
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new IllegalArgumentException("provider " + id + " needs a base URL");
        }
        while (baseUrl.endsWith("/")) {
            baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
        }
        displayName = displayName == null || displayName.isBlank() ? id : displayName;
        authHeader = authHeader == null ? "" : authHeader;
        accountLimits = accountLimits == null ? Limits.NONE : accountLimits;
        models = List.copyOf(models == null ? List.of() : models);
    }

    public Optional<ModelSpec> model(String modelId) {
        for (ModelSpec m : models) {
            if (m.id().equals(modelId)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    public ProviderSpec withBaseUrl(String url) {
        return new ProviderSpec(id, displayName, url, auth, authHeader, format, keyless, accountLimits, models, custom);
    }

    public ProviderSpec withModels(List<ModelSpec> newModels) {
        return new ProviderSpec(id, displayName, baseUrl, auth, authHeader, format, keyless, accountLimits, newModels, custom);
    }
}
