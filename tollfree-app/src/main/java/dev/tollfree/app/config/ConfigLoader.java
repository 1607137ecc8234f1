package dev.tollfree.app.config;

import dev.tollfree.core.catalog.Catalog;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Loads the gateway configuration: built-in defaults, then the YAML file (if any), then the
 * {@code TOLLFREE_*} environment overrides. Strict: unknown keys and bad values are errors, and all
 * errors of one load are reported together in one {@link ConfigException}.
 */
public final class ConfigLoader {
    static final List<String> SECTIONS = List.of(
            "server", "data_dir", "database", "redis", "security", "gateway", "providers", "routing", "logging");

    private ConfigLoader() {}

    /**
     * @param file    the file named by {@code --config} or {@code TOLLFREE_CONFIG}; empty to run on
     *                defaults (plus environment). A named file that does not exist is an error.
     * @param env     the process environment, for {@code ${VAR}} references and overrides
     * @param catalog the built-in catalog; decides which provider ids are built in
     * @throws ConfigException listing every problem found
     */
    public static ConfigResult load(Optional<Path> file, Map<String, String> env, Catalog catalog) {
        return load(file, env, catalog, Path.of("").toAbsolutePath());
    }

    /** As {@link #load(Optional, Map, Catalog)}, resolving relative paths against {@code cwd}. */
    public static ConfigResult load(Optional<Path> file, Map<String, String> env, Catalog catalog, Path cwd) {
        Problems problems = new Problems(file.map(Path::toString).orElse("(no config file)"));
        GatewayConfig config = GatewayConfig.defaults(cwd);
        if (file.isPresent()) {
            Optional<Node> root = YamlFile.read(file.get(), problems);
            config = fromRoot(root, env, catalog, cwd, problems).withSource(file);
        }
        return finish(config, env, cwd, problems);
    }

    /** Loads YAML text as if read from a file named {@code label}; for tests. */
    static ConfigResult loadText(String label, String yaml, Map<String, String> env, Catalog catalog, Path cwd) {
        Problems problems = new Problems(label);
        Optional<Node> root = YamlFile.parse(yaml, label, problems);
        return finish(fromRoot(root, env, catalog, cwd, problems), env, cwd, problems);
    }

    private static ConfigResult finish(GatewayConfig config, Map<String, String> env, Path cwd, Problems problems) {
        GatewayConfig result = EnvOverrides.apply(config, env, cwd, problems);
        problems.throwIfAny();
        return new ConfigResult(result, problems.warnings());
    }

    private static GatewayConfig fromRoot(Optional<Node> root, Map<String, String> env, Catalog catalog, Path cwd,
                                          Problems problems) {
        GatewayConfig d = GatewayConfig.defaults(cwd);
        if (root.isEmpty()) {
            return d;
        }
        if (!(root.get() instanceof MappingNode)) {
            problems.error(YamlNode.lineOf(root.get()), "", "the file must be a mapping of sections ("
                    + String.join(", ", SECTIONS) + "); see docs/tollfree.reference.yaml");
            return d;
        }
        YamlNode r = YamlNode.root(root.get(), problems, env);
        r.allowOnly(SECTIONS, Map.of());
        YamlNode providersNode = r.map("providers");
        var providers = ProvidersSection.read(providersNode, catalog);
        Set<String> fileIds = providersNode.fields().stream().map(YamlNode.Field::key).collect(Collectors.toSet());
        return new GatewayConfig(
                CoreSections.server(r.map("server")),
                CoreSections.dataDir(r, cwd, d.dataDir()),
                CoreSections.database(r.map("database")),
                CoreSections.redis(r.map("redis")),
                CoreSections.security(r.map("security"), cwd),
                GatewaySection.read(r.map("gateway")),
                providers,
                RoutingSection.read(r.map("routing"), catalog, fileIds, providers),
                CoreSections.logging(r.map("logging")),
                Optional.empty());
    }
}
