package dev.tollfree.app.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where state is stored. {@link #toString()} masks the password and any URL query parameters.
 *
 * @param url      a {@code jdbc:sqlite:} or {@code jdbc:postgresql:} URL; empty for the SQLite file in the data directory
 * @param user     database user, for PostgreSQL
 * @param password database password, for PostgreSQL
 */
public record DatabaseConfig(Optional<String> url, Optional<String> user, Optional<String> password) {
    public static final DatabaseConfig DEFAULTS = new DatabaseConfig(Optional.empty(), Optional.empty(), Optional.empty());

    public DatabaseConfig {
        url = url.filter(s -> !s.isBlank());
        user = user.filter(s -> !s.isBlank());
        password = password.filter(s -> !s.isEmpty());
        url.ifPresent(u -> {
            try {
                Values.jdbcUrl(u);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("database url " + e.getMessage(), e);
            }
        });
    }

    /** The JDBC URL to open: the configured one, or {@code jdbc:sqlite:<dataDir>/tollfree.db}. */
    public String jdbcUrl(Path dataDir) {
        return url.orElseGet(() -> "jdbc:sqlite:" + dataDir.resolve("tollfree.db"));
    }

    @Override
    public String toString() {
        return "DatabaseConfig[url=" + url.map(DatabaseConfig::maskQuery).orElse("(sqlite in data_dir)")
                + ", user=" + user.orElse("") + ", password=" + password.map(p -> Secrets.MASK).orElse("") + "]";
    }

    private static String maskQuery(String u) {
        int q = u.indexOf('?');
        return q < 0 ? u : u.substring(0, q) + "?" + Secrets.MASK;
    }
}
