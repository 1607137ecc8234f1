package dev.tollfree.core.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads a catalog YAML file into a {@link Catalog}. The built-in one ships as {@code catalog.yaml} next to
 * this class. Reading is strict: an unknown key, a wrong type, a missing required key or an out-of-range
 * number fails with an {@link IllegalStateException} naming the source, line, provider, model and key.
 * The YAML is composed to nodes (not objects) so every error can point at a line.
 */
final class CatalogLoader {
    static final String BUILT_IN_RESOURCE = "catalog.yaml";

    private static final Set<String> TOP_KEYS = Set.of("providers");
    private static final Set<String> PROVIDER_KEYS = Set.of(
            "id", "name", "base_url", "auth", "auth_header", "format", "keyless", "account_limits", "models");
    private static final Set<String> MODEL_KEYS = Set.of("id", "canonical", "context_window", "max_output",
            "capabilities", "limits", "intelligence", "speed", "free", "enabled", "aliases");
    private static final Set<String> LIMIT_KEYS = Set.of("rpm", "rpd", "tpm", "tpd", "uncertain");

    private static volatile Catalog builtIn;

    private CatalogLoader() {}

    /** The catalog shipped in the jar; parsed once, then cached (it is immutable). */
    static Catalog loadBuiltIn() {
        Catalog c = builtIn;
        if (c == null) {
            c = loadResource(BUILT_IN_RESOURCE);
            builtIn = c;
        }
        return c;
    }

    /** Loads a classpath resource, relative to this package unless it starts with {@code /}. */
    static Catalog loadResource(String resourceName) {
        String source = resourceName.startsWith("/") ? resourceName.substring(1)
                : CatalogLoader.class.getPackageName().replace('.', '/') + "/" + resourceName;
        InputStream in = CatalogLoader.class.getResourceAsStream(resourceName);
        if (in == null) {
            throw new IllegalStateException("catalog resource '" + source + "' not found on the classpath");
        }
        return load(in, source);
    }

    /** Parses catalog YAML from {@code in} (closed afterwards); {@code sourceName} appears in error messages. */
    static Catalog load(InputStream in, String sourceName) {
        LoadSettings settings = LoadSettings.builder().setLabel(sourceName).setSchema(new CoreSchema())
                .setAllowDuplicateKeys(false).setMaxAliasesForCollections(50).build();
        Node root;
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            Composer composer = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, reader)));
            root = composer.getSingleNode().orElse(null);
        } catch (YamlEngineException e) {
            throw new IllegalStateException(sourceName + ": invalid YAML: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException(sourceName + ": cannot read: " + e.getMessage(), e);
        }
        if (root == null) {
            throw new IllegalStateException(sourceName + ": empty catalog (expected a 'providers' list)");
        }
        YamlFields top = new YamlFields(root, sourceName, "catalog").allowOnly(TOP_KEYS);
        List<ProviderSpec> providers = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        int index = 0;
        for (Node item : top.list("providers")) {
            ProviderSpec p = provider(new YamlFields(item, sourceName, "provider #" + (++index)));
            if (!ids.add(p.id())) {
                throw YamlFields.fail(sourceName, item, "provider '" + p.id() + "' is defined twice");
            }
            providers.add(p);
        }
        return new Catalog(providers);
    }

    private static ProviderSpec provider(YamlFields f) {
        String id = f.string("id", true);
        f = f.at("provider '" + id + "'").allowOnly(PROVIDER_KEYS);
        AuthStyle auth = f.choice("auth", AuthStyle.values(), AuthStyle::wireName);
        String authHeader = f.string("auth_header", auth == AuthStyle.HEADER);
        if (auth != AuthStyle.HEADER && authHeader != null) {
            throw f.failAt("auth_header", "key 'auth_header' is only allowed with 'auth: header'");
        }
        WireFormat format = f.choice("format", WireFormat.values(), WireFormat::wireName);
        Limits accountLimits = f.has("account_limits") ? limits(f.map("account_limits")) : Limits.NONE;
        List<ModelSpec> models = new ArrayList<>();
        Set<String> modelIds = new HashSet<>();
        int index = 0;
        for (Node item : f.list("models")) {
            ModelSpec m = model(new YamlFields(item, f.source, f.where + ", model #" + (++index)), f.where);
            if (!modelIds.add(m.id())) {
                throw YamlFields.fail(f.source, item, f.where + ": model '" + m.id() + "' is listed twice");
            }
            models.add(m);
        }
        try {
            return new ProviderSpec(id, f.string("name", true), f.string("base_url", true), auth,
                    authHeader, format, f.bool("keyless", false), accountLimits, models, false);
        } catch (IllegalArgumentException e) {
            throw YamlFields.fail(f.source, f.node, f.where + ": " + e.getMessage());
        }
    }

    private static ModelSpec model(YamlFields f, String provider) {
        String id = f.string("id", true);
        f = f.at(provider + ", model '" + id + "'").allowOnly(MODEL_KEYS);
        Set<Capability> caps = EnumSet.noneOf(Capability.class);
        for (String name : f.strings("capabilities")) {
            try {
                caps.add(Capability.fromWireName(name));
            } catch (IllegalArgumentException e) {
                throw f.failAt("capabilities", "key 'capabilities': " + e.getMessage());
            }
        }
        Limits limits = f.has("limits") ? limits(f.map("limits")) : Limits.NONE;
        return new ModelSpec(id, f.string("canonical", false),
                (int) f.number("context_window", true, 1, Integer.MAX_VALUE),
                (int) f.number("max_output", false, 0, Integer.MAX_VALUE), caps, limits,
                (int) f.number("intelligence", true, 1, 100), (int) f.number("speed", true, 1, 100),
                f.bool("free", true), f.bool("enabled", true), f.strings("aliases"));
    }

    private static Limits limits(YamlFields f) {
        f.allowOnly(LIMIT_KEYS);
        return new Limits(f.number("rpm", false, 0, Long.MAX_VALUE), f.number("rpd", false, 0, Long.MAX_VALUE),
                f.number("tpm", false, 0, Long.MAX_VALUE), f.number("tpd", false, 0, Long.MAX_VALUE),
                f.bool("uncertain", false));
    }
}
