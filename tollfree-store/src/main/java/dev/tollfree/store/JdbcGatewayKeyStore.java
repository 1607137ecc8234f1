package dev.tollfree.store;

import dev.tollfree.core.store.GatewayKey;
import dev.tollfree.core.store.GatewayKeyStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Gateway keys in {@code gateway_keys}, found by their unique hash. */
final class JdbcGatewayKeyStore implements GatewayKeyStore {
    private static final String SELECT = "SELECT id, name, hash, prefix, admin, source, created_at, revoked_at,"
            + " limit_rpm, limit_rpd, limit_tpm, limit_tpd FROM gateway_keys";

    private final Database db;

    JdbcGatewayKeyStore(Database db) {
        this.db = db;
    }

    @Override
    public GatewayKey add(String name, String hash, String prefix, boolean admin, String source, Instant createdAt) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(createdAt, "createdAt");
        long createdAtMillis = createdAt.toEpochMilli();
        long id = db.write("add gateway key '" + name + "'",
                "gateway key '" + name + "' (" + prefix + "…) has the same hash as an existing key",
                c -> {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO gateway_keys"
                            + " (name, hash, prefix, admin, source, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id")) {
                        ps.setString(1, name);
                        ps.setString(2, hash);
                        ps.setString(3, prefix);
                        ps.setInt(4, Rows.bool(admin));
                        ps.setString(5, source);
                        ps.setLong(6, createdAtMillis);
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            return rs.getLong(1);
                        }
                    }
                });
        return new GatewayKey(id, name, hash, prefix, admin, source, Instant.ofEpochMilli(createdAtMillis), Optional.empty());
    }

    @Override
    public List<GatewayKey> list() {
        return db.read("list gateway keys", c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT + " ORDER BY id")) {
                return readAll(ps);
            }
        });
    }

    @Override
    public Optional<GatewayKey> findByHash(String hash) {
        Objects.requireNonNull(hash, "hash");
        return db.read("find gateway key by hash", c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE hash = ?")) {
                ps.setString(1, hash);
                return readAll(ps).stream().findFirst();
            }
        });
    }

    @Override
    public boolean setLimits(long id, dev.tollfree.core.catalog.Limits limits) {
        Objects.requireNonNull(limits, "limits");
        return db.write("set limits of gateway key " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE gateway_keys SET limit_rpm = ?, limit_rpd = ?, limit_tpm = ?, limit_tpd = ? WHERE id = ?")) {
                ps.setLong(1, limits.rpm());
                ps.setLong(2, limits.rpd());
                ps.setLong(3, limits.tpm());
                ps.setLong(4, limits.tpd());
                ps.setLong(5, id);
                return ps.executeUpdate() > 0;
            }
        });
    }

    @Override
    public boolean revoke(long id, Instant at) {
        Objects.requireNonNull(at, "at");
        return db.write("revoke gateway key " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE gateway_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
                ps.setLong(1, at.toEpochMilli());
                ps.setLong(2, id);
                return ps.executeUpdate() > 0;
            }
        });
    }

    private static List<GatewayKey> readAll(PreparedStatement ps) throws SQLException {
        List<GatewayKey> keys = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                keys.add(new GatewayKey(
                        rs.getLong("id"),
                        rs.getString("name"),
                        rs.getString("hash"),
                        rs.getString("prefix"),
                        Rows.bool(rs, "admin"),
                        rs.getString("source"),
                        Rows.instant(rs, "created_at"),
                        Rows.optionalInstant(rs, "revoked_at"),
                        new dev.tollfree.core.catalog.Limits(rs.getLong("limit_rpm"), rs.getLong("limit_rpd"),
                                rs.getLong("limit_tpm"), rs.getLong("limit_tpd"), false)));
            }
        }
        return List.copyOf(keys);
    }
}
