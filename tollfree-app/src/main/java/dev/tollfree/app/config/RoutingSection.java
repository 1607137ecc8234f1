package dev.tollfree.app.config;

import dev.tollfree.core.catalog.Catalog;
import dev.tollfree.core.catalog.ModelSpec;
import dev.tollfree.core.catalog.ProviderSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code routing:}; chain entries must name a provider of the catalog or of this file, and one of its models. */
final class RoutingSection {
    private RoutingSection() {}

    static RoutingConfig read(YamlNode s, Catalog catalog, Set<String> fileProviderIds, List<ProviderConfig> providers) {
        RoutingConfig d = RoutingConfig.DEFAULTS;
        s.allowOnly("chain", "max_attempts", "connect_timeout", "first_byte_timeout", "idle_timeout", "cooldown",
                "first_byte_timeouts", "sticky_sessions", "session_ttl");
        return new RoutingConfig(
                chain(s, catalog, fileProviderIds, providers),
                s.integer("max_attempts", 1, RoutingConfig.MAX_ATTEMPTS_LIMIT).orElse(d.maxAttempts()),
                s.duration("connect_timeout").orElse(d.connectTimeout()),
                s.duration("first_byte_timeout").orElse(d.firstByteTimeout()),
                s.duration("idle_timeout").orElse(d.idleTimeout()),
                s.duration("cooldown").orElse(d.cooldown()),
                firstByteTimeouts(s, catalog, fileProviderIds),
                s.bool("sticky_sessions").orElse(d.stickySessions()),
                s.duration("session_ttl").orElse(d.sessionTtl()));
    }

    private static Map<String, java.time.Duration> firstByteTimeouts(YamlNode s, Catalog catalog, Set<String> fileIds) {
        Map<String, java.time.Duration> out = new java.util.LinkedHashMap<>();
        for (YamlNode.Field f : s.map("first_byte_timeouts").fields()) {
            if (catalog.provider(f.key()).isEmpty() && !fileIds.contains(f.key())) {
                f.value().error("names provider '" + f.key() + "', which is neither built in nor declared under providers");
                continue;
            }
            f.value().as(Values::duration, false).ifPresent(d -> out.put(f.key(), d));
        }
        return out;
    }

    private static List<String> chain(YamlNode s, Catalog catalog, Set<String> fileIds, List<ProviderConfig> providers) {
        List<String> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (YamlNode item : s.list("chain")) {
            Optional<String> entry = item.as(RoutingSection::entry, false);
            if (entry.isEmpty()) {
                continue;
            }
            int slash = entry.get().indexOf('/');
            String provider = entry.get().substring(0, slash);
            String model = entry.get().substring(slash + 1);
            Optional<ProviderSpec> spec = catalog.provider(provider)
                    .or(() -> providers.stream().filter(p -> p instanceof CustomProviderConfig && p.id().equals(provider))
                            .map(p -> ((CustomProviderConfig) p).toSpec()).findFirst());
            if (spec.isEmpty() && !fileIds.contains(provider)) {
                List<String> known = new ArrayList<>(fileIds);
                catalog.providers().forEach(p -> known.add(p.id()));
                item.error(item.display(false) + " names provider '" + provider + "'" + Suggest.hint(provider, known)
                        + ", which is neither built in nor declared under providers");
                continue;
            }
            if (spec.isPresent() && spec.get().model(model).isEmpty()) {
                List<String> models = spec.get().models().stream().map(ModelSpec::id).toList();
                item.error(item.display(false) + " names model '" + model + "', which provider " + provider
                        + " does not have" + Suggest.hint(model, models));
                continue;
            }
            Integer first = seen.putIfAbsent(entry.get(), item.line());
            if (first != null) {
                item.error(item.display(false) + " is already in the chain on line " + first + "; list each model once");
                continue;
            }
            out.add(entry.get());
        }
        return out;
    }

    /** {@code provider/model}; the model part may itself contain slashes. */
    private static String entry(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        if (slash <= 0 || slash == t.length() - 1 || !Values.PROVIDER_ID.matcher(t.substring(0, slash)).matches()) {
            throw new IllegalArgumentException("is not a chain entry; expected provider/model, such as groq/llama-3.3-70b-versatile");
        }
        return t;
    }
}
