package dev.tollfree.app.config;

import dev.tollfree.core.catalog.Catalog;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The whole validated configuration: file, then environment overrides, over built-in defaults.
 * Immutable; paths are absolute. {@code toString()} masks every secret.
 *
 * @param dataDir     directory of the SQLite file and the master key file (absolute)
 * @param gatewayKeys caller keys declared in the file
 * @param providers   provider sections in file order
 * @param source      the file this was read from; empty when running on defaults
 */
public record GatewayConfig(
        ServerConfig server,
        Path dataDir,
        DatabaseConfig database,
        RedisConfig redis,
        SecurityConfig security,
        List<GatewayKeyConfig> gatewayKeys,
        List<ProviderConfig> providers,
        RoutingConfig routing,
        LoggingConfig logging,
        Optional<Path> source) {

    public GatewayConfig {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(redis, "redis");
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(routing, "routing");
        Objects.requireNonNull(logging, "logging");
        if (!dataDir.isAbsolute()) {
            throw new IllegalArgumentException("data_dir must be absolute here; resolve it against the working directory first");
        }
        gatewayKeys = List.copyOf(gatewayKeys);
        providers = List.copyOf(providers);
        unique(gatewayKeys.stream().map(GatewayKeyConfig::name).toList(), "gateway key name");
        unique(providers.stream().map(ProviderConfig::id).toList(), "provider id");
    }

    /** Every default, with the data directory {@code ./data} under {@code cwd}. */
    public static GatewayConfig defaults(Path cwd) {
        return new GatewayConfig(ServerConfig.DEFAULTS, cwd.toAbsolutePath().resolve("data").normalize(),
                DatabaseConfig.DEFAULTS, RedisConfig.DEFAULTS, SecurityConfig.DEFAULTS, List.of(), List.of(),
                RoutingConfig.DEFAULTS, LoggingConfig.DEFAULTS, Optional.empty());
    }

    public Optional<ProviderConfig> provider(String id) {
        return providers.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    /** The JDBC URL to open. */
    public String jdbcUrl() {
        return database.jdbcUrl(dataDir);
    }

    /** The master key file to read or create when no key is given directly. */
    public Path masterKeyFile() {
        return security.masterKeyFile(dataDir);
    }

    /**
     * {@code builtIn} with this file's provider sections applied: built-in providers overridden,
     * custom ones added at the end. Disabled providers stay in (see {@link ProviderConfig#enabled()}).
     */
    public Catalog effectiveCatalog(Catalog builtIn) {
        Catalog result = builtIn;
        for (ProviderConfig p : providers) {
            result = result.with(p.spec(builtIn));
        }
        return result;
    }

    GatewayConfig withSource(Optional<Path> file) {
        return new GatewayConfig(server, dataDir, database, redis, security, gatewayKeys, providers, routing, logging, file);
    }

    private static void unique(List<String> values, String what) {
        Set<String> seen = new HashSet<>();
        for (String v : values) {
            if (!seen.add(v)) {
                throw new IllegalArgumentException(what + " '" + v + "' appears twice");
            }
        }
    }
}
