package dev.tollfree.store;

import java.util.Objects;

/**
 * Where the store lives. {@code user} and {@code password} may be empty strings (SQLite needs
 * neither; PostgreSQL may take them from the URL instead). {@link #toString()} masks the password.
 *
 * @param jdbcUrl  {@code jdbc:sqlite:<file>} or {@code jdbc:postgresql://host:port/db[?params]}
 * @param user     database user, or empty
 * @param password database password, or empty
 */
public record StoreSettings(String jdbcUrl, String user, String password) {

    public StoreSettings {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user (use an empty string for none)");
        Objects.requireNonNull(password, "password (use an empty string for none)");
        if (jdbcUrl.isBlank()) {
            throw new IllegalArgumentException("store URL is empty (expected jdbc:sqlite:<file> or jdbc:postgresql://host:port/db)");
        }
    }

    /** Settings for a URL that carries everything it needs (no separate user or password). */
    public static StoreSettings of(String jdbcUrl) {
        return new StoreSettings(jdbcUrl, "", "");
    }

    @Override
    public String toString() {
        return "StoreSettings[jdbcUrl=" + Redaction.maskUrlPassword(jdbcUrl)
                + ", user=" + user
                + ", password=" + (password.isEmpty() ? "" : "****") + "]";
    }
}
