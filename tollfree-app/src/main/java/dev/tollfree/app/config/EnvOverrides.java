package dev.tollfree.app.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Deployment overrides from {@code TOLLFREE_*} environment variables, applied over the file. An
 * unset or empty variable changes nothing. Errors name the variable, never its value.
 */
final class EnvOverrides {
    static final String HOST = "TOLLFREE_HOST";
    static final String PORT = "TOLLFREE_PORT";
    static final String DATA_DIR = "TOLLFREE_DATA_DIR";
    static final String DATABASE_URL = "TOLLFREE_DATABASE_URL";
    static final String DATABASE_USER = "TOLLFREE_DATABASE_USER";
    static final String DATABASE_PASSWORD = "TOLLFREE_DATABASE_PASSWORD";
    static final String REDIS_URL = "TOLLFREE_REDIS_URL";
    static final String REDIS_PREFIX = "TOLLFREE_REDIS_PREFIX";
    static final String MASTER_KEY = "TOLLFREE_MASTER_KEY";
    static final String LOG_LEVEL = "TOLLFREE_LOG_LEVEL";
    static final String MAX_BODY_SIZE = "TOLLFREE_MAX_BODY_SIZE";
    /** Every variable this class reads, for documentation and tests. */
    static final List<String> ALL = List.of(HOST, PORT, DATA_DIR, DATABASE_URL, DATABASE_USER, DATABASE_PASSWORD,
            REDIS_URL, REDIS_PREFIX, MASTER_KEY, LOG_LEVEL, MAX_BODY_SIZE);

    private final Map<String, String> env;
    private final Problems problems;

    private EnvOverrides(Map<String, String> env, Problems problems) {
        this.env = env;
        this.problems = problems;
    }

    static GatewayConfig apply(GatewayConfig c, Map<String, String> env, Path cwd, Problems problems) {
        EnvOverrides o = new EnvOverrides(env, problems);
        ServerConfig s = c.server();
        ServerConfig server = new ServerConfig(
                o.get(HOST, Values::host, false).orElse(s.host()),
                o.get(PORT, Values::port, false).orElse(s.port()),
                o.get(MAX_BODY_SIZE, Values::size, false).orElse(s.maxBodySize()),
                s.requestTimeout(), s.maxInFlight(), s.queueTimeout());
        Path dataDir = o.get(DATA_DIR, t -> CoreSections.path(t, cwd), false).orElse(c.dataDir());
        DatabaseConfig db = c.database();
        DatabaseConfig database = new DatabaseConfig(
                o.get(DATABASE_URL, Values::jdbcUrl, true).or(db::url),
                o.get(DATABASE_USER, String::trim, false).or(db::user),
                o.get(DATABASE_PASSWORD, Function.identity(), true).or(db::password));
        RedisConfig r = c.redis();
        RedisConfig redis = new RedisConfig(o.get(REDIS_URL, Values::redisUrl, true).or(r::url),
                o.get(REDIS_PREFIX, Values::redisPrefix, false).orElse(r.prefix()), r.timeout());
        SecurityConfig security = new SecurityConfig(
                o.get(MASTER_KEY, Values::masterKey, true).or(() -> c.security().masterKey()),
                c.security().masterKeyFile());
        LoggingConfig l = c.logging();
        LoggingConfig logging = new LoggingConfig(
                o.get(LOG_LEVEL, t -> Values.choice(t, LogLevel.values()), false).orElse(l.level()),
                l.requestLog(), l.requestLogRetention());
        return new GatewayConfig(server, dataDir, database, redis, security, c.gatewayKeys(), c.providers(),
                c.routing(), logging, c.source());
    }

    private <T> Optional<T> get(String name, Function<String, T> parser, boolean secret) {
        String raw = env.get(name);
        if (raw == null || raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(parser.apply(raw));
        } catch (IllegalArgumentException e) {
            problems.envError(name, (secret ? "the value" : "'" + raw + "'") + " " + e.getMessage());
            return Optional.empty();
        }
    }
}
