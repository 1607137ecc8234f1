package dev.tollfree.app.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/** The small sections: {@code server}, {@code data_dir}, {@code database}, {@code redis}, {@code security}, {@code logging}. */
final class CoreSections {
    private CoreSections() {}

    static ServerConfig server(YamlNode s) {
        ServerConfig d = ServerConfig.DEFAULTS;
        s.allowOnly("host", "port", "max_body_size", "request_timeout", "max_in_flight", "queue_timeout");
        return new ServerConfig(
                s.value("host", Values::host).orElse(d.host()),
                s.value("port", Values::port).orElse(d.port()),
                s.size("max_body_size").orElse(d.maxBodySize()),
                s.duration("request_timeout").orElse(d.requestTimeout()),
                s.integer("max_in_flight", 1, ServerConfig.MAX_IN_FLIGHT_LIMIT).orElse(d.maxInFlight()),
                s.duration("queue_timeout").orElse(d.queueTimeout()));
    }

    static Path dataDir(YamlNode root, Path cwd, Path fallback) {
        return root.get("data_dir").flatMap(v -> v.as(t -> path(t, cwd), false)).orElse(fallback);
    }

    static DatabaseConfig database(YamlNode s) {
        s.allowOnly("url", "user", "password");
        Optional<String> url = s.get("url").flatMap(v -> v.as(Values::jdbcUrl, true)).filter(u -> !u.isEmpty());
        return new DatabaseConfig(url, s.optionalString("user"), s.get("password").flatMap(YamlNode::text));
    }

    static RedisConfig redis(YamlNode s) {
        RedisConfig d = RedisConfig.DEFAULTS;
        s.allowOnly("url", "prefix", "timeout");
        return new RedisConfig(
                s.get("url").flatMap(v -> v.as(Values::redisUrl, true)).filter(u -> !u.isEmpty()),
                s.value("prefix", Values::redisPrefix).orElse(d.prefix()),
                s.duration("timeout").orElse(d.timeout()));
    }

    static SecurityConfig security(YamlNode s, Path cwd) {
        s.allowOnly("master_key", "master_key_file");
        Optional<String> key = s.get("master_key").flatMap(v -> v.as(Values::masterKey, true)).filter(k -> !k.isEmpty());
        Optional<Path> file = s.get("master_key_file")
                .flatMap(v -> v.as(t -> t.isBlank() ? null : path(t, cwd), false));
        return new SecurityConfig(key, file);
    }

    static LoggingConfig logging(YamlNode s) {
        LoggingConfig d = LoggingConfig.DEFAULTS;
        s.allowOnly("level", "request_log", "request_log_retention");
        return new LoggingConfig(
                s.value("level", t -> Values.choice(t, LogLevel.values())).orElse(d.level()),
                s.bool("request_log").orElse(d.requestLog()),
                s.duration("request_log_retention").orElse(d.requestLogRetention()));
    }

    /** A path; relative ones resolve against the working directory, never against the config file. */
    static Path path(String text, Path cwd) {
        String t = text.trim();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("is empty; expected a directory path such as ./data or /var/lib/tollfree");
        }
        try {
            return cwd.toAbsolutePath().resolve(t).normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("is not a valid path on this system");
        }
    }
}
