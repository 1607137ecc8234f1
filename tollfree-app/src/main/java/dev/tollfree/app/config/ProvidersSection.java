package dev.tollfree.app.config;

import dev.tollfree.core.catalog.AuthStyle;
import dev.tollfree.core.catalog.Catalog;
import dev.tollfree.core.catalog.Limits;
import dev.tollfree.core.catalog.ModelSpec;
import dev.tollfree.core.catalog.ProviderSpec;
import dev.tollfree.core.catalog.WireFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code providers:}, a mapping from provider id to its section. An id the catalog knows is a
 * built-in provider (settings and overrides only); any other id is a custom provider that the
 * section describes completely.
 */
final class ProvidersSection {
    static final List<String> BUILT_IN_KEYS = List.of("enabled", "base_url", "keys", "models", "limits");
    static final List<String> CUSTOM_KEYS = List.of(
            "name", "format", "base_url", "auth", "auth_header", "enabled", "keys", "models", "limits");
    private static final WireFormat[] CUSTOM_FORMATS = {WireFormat.OPENAI, WireFormat.ANTHROPIC};

    private ProvidersSection() {}

    static List<ProviderConfig> read(YamlNode providers, Catalog catalog) {
        List<ProviderConfig> out = new ArrayList<>();
        for (YamlNode.Field f : providers.fields()) {
            YamlNode p = f.value();
            if (!Values.PROVIDER_ID.matcher(f.key()).matches()) {
                p.error("'" + f.key() + "' is not a valid provider id; expected lower-case letters, digits, '-' and '_',"
                        + " starting with a letter or digit");
                continue;
            }
            if (!p.requireMap("a mapping of provider settings")) {
                continue;
            }
            Optional<ProviderSpec> builtIn = catalog.provider(f.key());
            Optional<ProviderConfig> read = builtIn.isPresent()
                    ? Optional.of(builtIn(f.key(), p, builtIn.get()))
                    : custom(f.key(), p, catalog);
            read.ifPresent(out::add);
        }
        return out;
    }

    private static ProviderConfig builtIn(String id, YamlNode p, ProviderSpec spec) {
        Map<String, String> misplaced = new HashMap<>();
        for (String k : CUSTOM_KEYS) {
            if (!BUILT_IN_KEYS.contains(k)) {
                misplaced.put(k, "can only be set for a custom provider; '" + id + "' is built in and its " + k
                        + " comes from the catalog (settable here: " + String.join(", ", BUILT_IN_KEYS) + ")");
            }
        }
        p.allowOnly(BUILT_IN_KEYS, misplaced);
        boolean enabled = p.bool("enabled").orElse(true);
        Optional<String> baseUrl = p.value("base_url", Values::baseUrl);
        ProviderKeysSection.Read keys = ProviderKeysSection.read(p, id, spec.auth());
        warnIfAllSkipped(p, id, keys);
        return new BuiltInProviderConfig(id, enabled, baseUrl, keys.keys(),
                ModelsSection.limits(p, "limits"), ModelsSection.overrides(p, spec));
    }

    private static Optional<ProviderConfig> custom(String id, YamlNode p, Catalog catalog) {
        p.allowOnly(CUSTOM_KEYS, Map.of());
        String name = p.optionalString("name").orElse(id);
        WireFormat format = p.value("format", t -> Values.choice(t, CUSTOM_FORMATS)).orElse(WireFormat.OPENAI);
        Optional<String> baseUrl = p.value("base_url", Values::baseUrl);
        boolean enabled = p.bool("enabled").orElse(true);
        boolean declaresKeys = p.get("keys").map(k -> !k.items().isEmpty()).orElse(false);
        AuthStyle auth = p.value("auth", t -> Values.choice(t, AuthStyle.values()))
                .orElse(declaresKeys ? AuthStyle.BEARER : AuthStyle.NONE);
        String authHeader = authHeader(p, auth);
        if (auth == AuthStyle.NONE && declaresKeys) {
            p.get("keys").orElseThrow().error("keys are listed but auth is none; remove the keys or set auth: bearer or auth: header");
        }
        ProviderKeysSection.Read keys = ProviderKeysSection.read(p, id, auth);
        warnIfAllSkipped(p, id, keys);
        Optional<Limits> limits = ModelsSection.limits(p, "limits");
        List<ModelSpec> models = ModelsSection.custom(p);

        String notBuiltIn = "'" + id + "' is not a built-in provider"
                + Suggest.hint(id, catalog.providers().stream().map(ProviderSpec::id).toList())
                + ", so it is a custom provider and needs ";
        List<String> missing = new ArrayList<>();
        if (!p.has("base_url")) {
            missing.add("base_url (such as http://127.0.0.1:8080/v1)");
        }
        if (!p.has("models")) {
            missing.add("models (a list with at least one '- id: <model>' entry)");
        }
        if (!missing.isEmpty()) {
            p.error(notBuiltIn + String.join(" and ", missing));
        }
        Optional<YamlNode> modelsNode = p.get("models");
        if (modelsNode.isPresent() && modelsNode.get().isList() && modelsNode.get().items().isEmpty()) {
            modelsNode.get().error("is empty; a custom provider needs at least one '- id: <model>' entry");
        }
        if (baseUrl.isEmpty() || models.isEmpty()
                || (auth == AuthStyle.HEADER) == authHeader.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new CustomProviderConfig(id, name, format, baseUrl.get(), auth, authHeader, enabled,
                keys.keys(), limits.orElse(Limits.NONE), models));
    }

    /** The validated header name for {@code auth: header}, or "" (after reporting when it was required). */
    private static String authHeader(YamlNode p, AuthStyle auth) {
        Optional<YamlNode> node = p.get("auth_header");
        Optional<String> text = node.flatMap(YamlNode::text).map(String::trim);
        boolean given = text.isPresent() && !text.get().isEmpty();
        if (auth != AuthStyle.HEADER) {
            if (given) {
                node.get().error("is only used with auth: header; remove it or set auth: header");
            }
            return "";
        }
        if (node.isEmpty()) {
            p.error("auth: header needs auth_header, the name of the header that carries the key (such as x-api-key)");
        } else if (text.isPresent() && !given) {
            node.get().error("is empty; auth: header needs the name of the header that carries the key (such as x-api-key)");
        }
        return given ? node.get().as(Values::headerName, false).orElse("") : "";
    }

    private static void warnIfAllSkipped(YamlNode p, String id, ProviderKeysSection.Read keys) {
        if (keys.declared() > 0 && keys.keys().isEmpty()) {
            p.warn("provider " + id + " has no usable key from this file (all " + keys.declared()
                    + " skipped); it can still use keys added with the CLI or dashboard");
        }
    }
}
