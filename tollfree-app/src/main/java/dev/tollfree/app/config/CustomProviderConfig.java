package dev.tollfree.app.config;

import dev.tollfree.core.catalog.AuthStyle;
import dev.tollfree.core.catalog.Limits;
import dev.tollfree.core.catalog.ModelSpec;
import dev.tollfree.core.catalog.ProviderSpec;
import dev.tollfree.core.catalog.WireFormat;
import java.util.List;

/**
 * A provider the catalog does not know, described completely in the config file (a local
 * llama.cpp, vLLM or Ollama server, a company proxy).
 *
 * @param name       display name
 * @param format     {@link WireFormat#OPENAI} or {@link WireFormat#ANTHROPIC}
 * @param authHeader header name for {@link AuthStyle#HEADER}, otherwise empty
 * @param limits     account-wide limits
 * @param models     the served models, at least one
 */
public record CustomProviderConfig(
        String id,
        String name,
        WireFormat format,
        String baseUrl,
        AuthStyle auth,
        String authHeader,
        boolean enabled,
        List<ProviderKeyConfig> keys,
        Limits limits,
        List<ModelSpec> models) implements ProviderConfig {

    public CustomProviderConfig {
        if (id == null || !Values.PROVIDER_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("bad provider id '" + id + "'");
        }
        Values.baseUrl(baseUrl);
        if (format != WireFormat.OPENAI && format != WireFormat.ANTHROPIC) {
            throw new IllegalArgumentException("custom provider " + id + ": format must be openai or anthropic");
        }
        if ((auth == AuthStyle.HEADER) == authHeader.isBlank()) {
            throw new IllegalArgumentException("custom provider " + id + ": auth_header is required with auth: header, and only then");
        }
        keys = List.copyOf(keys);
        models = List.copyOf(models);
        if (models.isEmpty()) {
            throw new IllegalArgumentException("custom provider " + id + " needs at least one model");
        }
    }

    @Override
    public boolean custom() {
        return true;
    }

    public ProviderSpec toSpec() {
        return new ProviderSpec(id, name, baseUrl, auth, authHeader, format, auth == AuthStyle.NONE, limits, models, true);
    }
}
