package dev.tollfree.app.config;

import dev.tollfree.core.catalog.AuthStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A provider's {@code keys} list: plain strings or {@code {label, key, account_id}} mappings. An
 * entry whose key refers to an unset environment variable (or one set to the empty string) is
 * skipped with a warning, so a file can list providers whose keys are not exported on every host.
 */
final class ProviderKeysSection {
    /** The usable keys and how many entries the file declared (skipped ones included). */
    record Read(List<ProviderKeyConfig> keys, int declared) {}

    private ProviderKeysSection() {}

    static Read read(YamlNode provider, String providerId, AuthStyle auth) {
        List<YamlNode> items = provider.list("keys");
        List<ProviderKeyConfig> out = new ArrayList<>();
        Map<String, Integer> labels = new HashMap<>();
        Map<String, Integer> values = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            YamlNode item = items.get(i);
            String defaultLabel = "key-" + (i + 1);
            YamlNode keyNode = item;
            Optional<String> label = Optional.of(defaultLabel);
            Optional<String> accountId = Optional.empty();
            if (item.isMap()) {
                item.allowOnly("label", "key", "account_id");
                Optional<YamlNode> k = item.get("key");
                if (k.isEmpty()) {
                    item.error("needs key (the provider API key, usually ${SOME_ENV_VAR})");
                    continue;
                }
                keyNode = k.get();
                label = item.get("label").isPresent() ? item.optionalString("label") : label;
            } else if (!item.isScalar()) {
                item.error("expected a key string or a mapping with label, key and account_id, found a list");
                continue;
            }
            Optional<String> key = key(keyNode, providerId);
            if (key.isEmpty()) {
                continue;
            }
            Optional<YamlNode> accountNode = item.isMap() ? item.get("account_id") : Optional.empty();
            Optional<String> accountText = accountNode.flatMap(YamlNode::text);
            if (accountNode.isPresent() && accountText.isEmpty()) {
                continue; // reported
            }
            accountId = accountText.map(String::trim).filter(a -> !a.isEmpty());
            if (label.isEmpty()) {
                item.error("label is empty; give a short name such as main or backup");
                continue;
            }
            if (auth == AuthStyle.BEARER_WITH_ACCOUNT && accountId.isEmpty()) {
                item.error("needs account_id: provider " + providerId + " puts the account id into its URL;"
                        + " write {label: ..., key: ..., account_id: ...}");
                continue;
            }
            Integer sameLabel = labels.putIfAbsent(label.get(), item.line());
            if (sameLabel != null) {
                item.error("label '" + label.get() + "' is already used on line " + sameLabel + "; labels must be unique per provider");
                continue;
            }
            Integer sameKey = values.putIfAbsent(key.get(), item.line());
            if (sameKey != null) {
                item.error("is the same key as the one on line " + sameKey);
                continue;
            }
            out.add(new ProviderKeyConfig(label.get(), key.get(), accountId));
        }
        return new Read(out, items.size());
    }

    /** The key text; empty after a warning (unset or empty variable) or an error. */
    private static Optional<String> key(YamlNode node, String providerId) {
        Optional<Interpolation.Result> r = node.interpolate();
        if (r.isEmpty()) {
            return Optional.empty();
        }
        if (!r.get().missing().isEmpty()) {
            List<String> missing = r.get().missing();
            node.warn("environment variable" + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing)
                    + (missing.size() == 1 ? " is" : " are") + " not set; this " + providerId + " key is skipped");
            return Optional.empty();
        }
        String key = r.get().value().strip();
        if (key.isEmpty()) {
            if (r.get().substituted()) {
                node.warn("the key's environment variable is empty; this " + providerId + " key is skipped");
            } else {
                node.error("the key is empty; expected the provider API key, usually ${SOME_ENV_VAR}");
            }
            return Optional.empty();
        }
        if (key.chars().anyMatch(c -> c <= ' ')) {
            node.error("the key contains spaces or control characters; give the bare key (no 'Bearer ' prefix)");
            return Optional.empty();
        }
        return Optional.of(key);
    }
}
