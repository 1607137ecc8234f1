package dev.tollfree.store;

import dev.tollfree.core.store.ProviderKey;
import dev.tollfree.core.store.ProviderKeyStore;
import dev.tollfree.core.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Provider keys in {@code provider_keys}. Ids come from the database and are never reused.
 * {@link #recordCheck} on a key removed meanwhile is ignored (the check result is moot);
 * {@link #updateSecret} and {@link #setEnabled} on an unknown id fail.
 */
final class JdbcProviderKeyStore implements ProviderKeyStore {
    private static final String SELECT = "SELECT id, provider, label, sealed_secret, hint, enabled, source, created_at,"
            + " last_check_at, last_check_status, last_check_detail, last_check_latency_ms FROM provider_keys";

    private final Database db;
    private final InstantSource clock;

    JdbcProviderKeyStore(Database db, InstantSource clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public ProviderKey add(String provider, String label, String sealedSecret, String hint, String source) {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(sealedSecret, "sealedSecret");
        Objects.requireNonNull(hint, "hint");
        Objects.requireNonNull(source, "source");
        long createdAt = clock.millis();
        long id = db.write("add provider key '" + label + "' for provider '" + provider + "'",
                "provider key '" + label + "' already exists for provider '" + provider + "'",
                c -> {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO provider_keys"
                            + " (provider, label, sealed_secret, hint, enabled, source, created_at)"
                            + " VALUES (?, ?, ?, ?, 1, ?, ?) RETURNING id")) {
                        ps.setString(1, provider);
                        ps.setString(2, label);
                        ps.setString(3, sealedSecret);
                        ps.setString(4, hint);
                        ps.setString(5, source);
                        ps.setLong(6, createdAt);
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            return rs.getLong(1);
                        }
                    }
                });
        return new ProviderKey(id, provider, label, sealedSecret, hint, true, source,
                Instant.ofEpochMilli(createdAt), Optional.empty());
    }

    @Override
    public List<ProviderKey> list() {
        return db.read("list provider keys", c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT + " ORDER BY id")) {
                return readAll(ps);
            }
        });
    }

    @Override
    public List<ProviderKey> listFor(String provider) {
        Objects.requireNonNull(provider, "provider");
        return db.read("list provider keys of '" + provider + "'", c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE provider = ? ORDER BY id")) {
                ps.setString(1, provider);
                return readAll(ps);
            }
        });
    }

    @Override
    public Optional<ProviderKey> find(long id) {
        return db.read("find provider key " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE id = ?")) {
                ps.setLong(1, id);
                return readAll(ps).stream().findFirst();
            }
        });
    }

    @Override
    public void updateSecret(long id, String sealedSecret, String hint) {
        Objects.requireNonNull(sealedSecret, "sealedSecret");
        Objects.requireNonNull(hint, "hint");
        updateExisting("replace the secret of provider key " + id, id,
                "UPDATE provider_keys SET sealed_secret = ?, hint = ? WHERE id = ?", ps -> {
                    ps.setString(1, sealedSecret);
                    ps.setString(2, hint);
                    ps.setLong(3, id);
                });
    }

    @Override
    public void setEnabled(long id, boolean enabled) {
        updateExisting((enabled ? "enable" : "disable") + " provider key " + id, id,
                "UPDATE provider_keys SET enabled = ? WHERE id = ?", ps -> {
                    ps.setInt(1, Rows.bool(enabled));
                    ps.setLong(2, id);
                });
    }

    @Override
    public void recordCheck(long id, ProviderKey.KeyCheck check) {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(check.at(), "check.at");
        Objects.requireNonNull(check.status(), "check.status");
        Objects.requireNonNull(check.detail(), "check.detail");
        db.write("record the check of provider key " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE provider_keys SET last_check_at = ?,"
                    + " last_check_status = ?, last_check_detail = ?, last_check_latency_ms = ? WHERE id = ?")) {
                ps.setLong(1, check.at().toEpochMilli());
                ps.setString(2, check.status());
                ps.setString(3, check.detail());
                ps.setLong(4, check.latencyMillis());
                ps.setLong(5, id);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public boolean remove(long id) {
        return db.write("remove provider key " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM provider_keys WHERE id = ?")) {
                ps.setLong(1, id);
                return ps.executeUpdate() > 0;
            }
        });
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private void updateExisting(String operation, long id, String sql, Binder binder) {
        db.write(operation, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                binder.bind(ps);
                if (ps.executeUpdate() == 0) {
                    throw new StoreException(operation + " failed: no provider key has id " + id, null);
                }
                return null;
            }
        });
    }

    private static List<ProviderKey> readAll(PreparedStatement ps) throws SQLException {
        List<ProviderKey> keys = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                keys.add(new ProviderKey(
                        rs.getLong("id"),
                        rs.getString("provider"),
                        rs.getString("label"),
                        rs.getString("sealed_secret"),
                        rs.getString("hint"),
                        Rows.bool(rs, "enabled"),
                        rs.getString("source"),
                        Rows.instant(rs, "created_at"),
                        lastCheck(rs)));
            }
        }
        return List.copyOf(keys);
    }

    private static Optional<ProviderKey.KeyCheck> lastCheck(ResultSet rs) throws SQLException {
        Optional<Instant> at = Rows.optionalInstant(rs, "last_check_at");
        if (at.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ProviderKey.KeyCheck(at.get(), rs.getString("last_check_status"),
                rs.getString("last_check_detail"), rs.getLong("last_check_latency_ms")));
    }
}
