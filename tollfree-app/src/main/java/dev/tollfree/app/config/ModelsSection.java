package dev.tollfree.app.config;

import dev.tollfree.core.catalog.Capability;
import dev.tollfree.core.catalog.Limits;
import dev.tollfree.core.catalog.ModelSpec;
import dev.tollfree.core.catalog.ProviderSpec;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Model entries: overrides keyed by id for built-in providers, a list of full models for custom ones. */
final class ModelsSection {
    static final List<String> OVERRIDE_KEYS = List.of("enabled", "context_window", "capabilities", "limits", "intelligence");
    static final List<String> CUSTOM_KEYS = List.of(
            "id", "enabled", "context_window", "max_output", "capabilities", "limits", "intelligence", "speed");
    static final int DEFAULT_RANK = 50;
    private static final int MAX_TOKENS = 100_000_000;

    private ModelsSection() {}

    /** {@code models:} of a built-in provider: a mapping from catalog model id to changes. */
    static List<ModelOverride> overrides(YamlNode provider, ProviderSpec spec) {
        Optional<YamlNode> models = provider.get("models");
        if (models.isEmpty()) {
            return List.of();
        }
        if (!models.get().isMap()) {
            models.get().error("for a built-in provider, models is a mapping from catalog model id to changes,"
                    + " such as 'llama-3.3-70b-versatile: {enabled: false}'; lists of models are for custom providers");
            return List.of();
        }
        List<ModelOverride> out = new ArrayList<>();
        List<String> known = spec.models().stream().map(ModelSpec::id).toList();
        for (YamlNode.Field f : models.get().fields()) {
            YamlNode m = f.value();
            if (spec.model(f.key()).isEmpty()) {
                m.error("provider " + spec.id() + " has no model '" + f.key() + "'" + Suggest.hint(f.key(), known)
                        + "; expected one of its catalog models: " + sample(known));
                continue;
            }
            if (!m.requireMap("a mapping of model settings (" + String.join(", ", OVERRIDE_KEYS) + ")")) {
                continue;
            }
            Map<String, String> misplaced = new HashMap<>();
            for (String k : List.of("max_output", "speed", "id")) {
                misplaced.put(k, "can only be set for models of a custom provider; catalog models accept "
                        + String.join(", ", OVERRIDE_KEYS));
            }
            m.allowOnly(OVERRIDE_KEYS, misplaced);
            out.add(new ModelOverride(f.key(), m.bool("enabled"), m.integer("context_window", 1, MAX_TOKENS),
                    capabilities(m), limits(m, "limits"), m.integer("intelligence", 1, 100)));
        }
        return out;
    }

    /** {@code models:} of a custom provider: a non-empty list of full model descriptions. */
    static List<ModelSpec> custom(YamlNode provider) {
        Optional<YamlNode> models = provider.get("models");
        if (models.isPresent() && !models.get().isList()) {
            models.get().error("for a custom provider, models is a list of models, each starting with '- id: <model id>'");
            return List.of();
        }
        List<ModelSpec> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (YamlNode m : provider.list("models")) {
            if (!m.isMap()) {
                m.error("expected a mapping starting with 'id: <model id>', found a " + (m.isList() ? "list" : "single value"));
                continue;
            }
            m.allowOnly(CUSTOM_KEYS, Map.of());
            Optional<String> id = m.requiredString("id", "the model name the server expects in requests");
            Optional<Integer> context = m.integer("context_window", 1, MAX_TOKENS);
            if (context.isEmpty() && !m.has("context_window")) {
                m.error("needs context_window: the model's context length in tokens, such as 32768");
            }
            int maxOutput = m.integer("max_output", 0, MAX_TOKENS).orElse(0);
            Set<Capability> caps = capabilities(m).orElse(Set.of());
            Limits limits = limits(m, "limits").orElse(Limits.NONE);
            int intelligence = m.integer("intelligence", 1, 100).orElse(DEFAULT_RANK);
            int speed = m.integer("speed", 1, 100).orElse(DEFAULT_RANK);
            boolean enabled = m.bool("enabled").orElse(true);
            if (id.isEmpty() || context.isEmpty()) {
                continue;
            }
            Integer first = seen.putIfAbsent(id.get(), m.line());
            if (first != null) {
                m.error("model '" + id.get() + "' is already listed on line " + first);
                continue;
            }
            out.add(new ModelSpec(id.get(), id.get(), context.get(), maxOutput, caps, limits,
                    intelligence, speed, true, enabled, List.of()));
        }
        return out;
    }

    /** {@code capabilities: [tools, vision]}; replaces the whole set. */
    static Optional<Set<Capability>> capabilities(YamlNode m) {
        Optional<YamlNode> node = m.get("capabilities");
        if (node.isEmpty()) {
            return Optional.empty();
        }
        if (!node.get().isList()) {
            node.get().error("expected a list such as [tools, json_mode]; allowed: " + Values.names(Capability.values()));
            return Optional.empty();
        }
        Set<Capability> out = EnumSet.noneOf(Capability.class);
        boolean ok = true;
        for (YamlNode item : node.get().items()) {
            Optional<Capability> c = item.as(t -> {
                try {
                    return Capability.fromWireName(t.trim());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("is not a capability; expected one of " + Values.names(Capability.values()));
                }
            }, false);
            c.ifPresent(out::add);
            ok &= c.isPresent();
        }
        return ok ? Optional.of(out) : Optional.empty();
    }

    /** {@code limits: {rpm, rpd, tpm, tpd}}; 0 means no known limit. */
    static Optional<Limits> limits(YamlNode parent, String key) {
        YamlNode l = parent.map(key);
        if (!l.present()) {
            return Optional.empty();
        }
        l.allowOnly("rpm", "rpd", "tpm", "tpd");
        return Optional.of(new Limits(
                l.number("rpm", 0, Long.MAX_VALUE).orElse(0L),
                l.number("rpd", 0, Long.MAX_VALUE).orElse(0L),
                l.number("tpm", 0, Long.MAX_VALUE).orElse(0L),
                l.number("tpd", 0, Long.MAX_VALUE).orElse(0L),
                false));
    }

    private static String sample(List<String> ids) {
        if (ids.isEmpty()) {
            return "(none)";
        }
        return ids.size() <= 8 ? String.join(", ", ids) : String.join(", ", ids.subList(0, 8)) + ", ... (" + ids.size() + " in all)";
    }
}
