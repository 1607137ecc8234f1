package dev.tollfree.app.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** {@code gateway.keys}: caller keys declared in the file, by plain key or by SHA-256. */
final class GatewaySection {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-fA-F]{64}");

    private GatewaySection() {}

    static List<GatewayKeyConfig> read(YamlNode gateway) {
        gateway.allowOnly("keys");
        List<GatewayKeyConfig> out = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        Map<String, Integer> hashes = new HashMap<>();
        for (YamlNode item : gateway.list("keys")) {
            if (!item.isMap()) {
                item.error("expected a mapping with name and key (or sha256), found " + (item.isList() ? "a list" : "a single value"));
                continue;
            }
            item.allowOnly("name", "key", "sha256", "admin", "limits");
            Optional<String> name = item.requiredString("name", "a label such as ci or laptop");
            boolean admin = item.bool("admin").orElse(false);
            Optional<String> hash = hash(item);
            if (name.isEmpty() || hash.isEmpty()) {
                continue;
            }
            Integer otherName = names.putIfAbsent(name.get(), item.line());
            if (otherName != null) {
                item.error("the name '" + name.get() + "' is already used on line " + otherName + "; names must be unique");
                continue;
            }
            Integer otherHash = hashes.putIfAbsent(hash.get(), item.line());
            if (otherHash != null) {
                item.error("is the same key as the one on line " + otherHash);
                continue;
            }
            Optional<String> prefix = item.get("key").isPresent()
                    ? item.get("key").flatMap(YamlNode::text).map(k -> k.substring(0, GatewayKeyConfig.PREFIX_LENGTH))
                    : Optional.empty();
            out.add(new GatewayKeyConfig(name.get(), hash.get(), prefix, admin,
                    ModelsSection.limits(item, "limits").orElse(dev.tollfree.core.catalog.Limits.NONE)));
        }
        return out;
    }

    private static Optional<String> hash(YamlNode item) {
        Optional<YamlNode> key = item.get("key");
        Optional<YamlNode> sha = item.get("sha256");
        if (key.isPresent() == sha.isPresent()) {
            item.error(key.isPresent()
                    ? "give either key or sha256, not both"
                    : "needs key (the full tf-... key) or sha256 (its SHA-256 in hex)");
            return Optional.empty();
        }
        if (key.isPresent()) {
            return key.get().as(k -> {
                GatewayKeyConfig.checkKey(k);
                return GatewayKeyConfig.sha256Hex(k);
            }, true);
        }
        return sha.get().as(h -> {
            if (!HEX64.matcher(h.trim()).matches()) {
                throw new IllegalArgumentException("is not a SHA-256; expected 64 hex characters (echo -n \"$KEY\" | sha256sum)");
            }
            return h.trim().toLowerCase(java.util.Locale.ROOT);
        }, true);
    }
}
