package dev.tollfree.store;

import dev.tollfree.core.store.DiscoveredModel;
import dev.tollfree.core.store.DiscoveredModelStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Discovery rows in {@code discovered_models}. Both writes are batched upserts
 * ({@code INSERT … ON CONFLICT … DO UPDATE}, spelled the same on SQLite and PostgreSQL) in one
 * transaction; nothing here deletes a row.
 */
final class JdbcDiscoveredModelStore implements DiscoveredModelStore {
    private static final String COLUMNS = "provider, model, first_seen, last_seen, vanished_since";
    private static final String SEEN = "INSERT INTO discovered_models (" + COLUMNS + ") VALUES (?, ?, ?, ?, NULL)"
            + " ON CONFLICT (provider, model) DO UPDATE SET last_seen = excluded.last_seen, vanished_since = NULL";
    private static final String VANISHED = "INSERT INTO discovered_models (" + COLUMNS + ") VALUES (?, ?, ?, NULL, ?)"
            + " ON CONFLICT (provider, model) DO UPDATE SET"
            + " vanished_since = COALESCE(discovered_models.vanished_since, excluded.vanished_since)";

    private final Database db;

    JdbcDiscoveredModelStore(Database db) {
        this.db = db;
    }

    @Override
    public void upsertSeen(String provider, List<String> ids, Instant now) {
        write("record " + ids.size() + " listed models of " + provider, SEEN, provider, new LinkedHashSet<>(ids), now);
    }

    @Override
    public void markVanished(String provider, Set<String> notListed, Instant now) {
        write("flag " + notListed.size() + " vanished models of " + provider, VANISHED, provider, new LinkedHashSet<>(notListed), now);
    }

    private void write(String operation, String sql, String provider, Set<String> ids, Instant now) {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(now, "now");
        if (ids.isEmpty()) {
            return;
        }
        long at = now.toEpochMilli();
        db.write(operation, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (String id : ids) {
                    ps.setString(1, provider);
                    ps.setString(2, Objects.requireNonNull(id, "model id"));
                    ps.setLong(3, at);
                    ps.setLong(4, at);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public List<DiscoveredModel> list() {
        return query("list discovered models", "SELECT " + COLUMNS + " FROM discovered_models ORDER BY provider, model", null);
    }

    @Override
    public List<DiscoveredModel> listFor(String provider) {
        Objects.requireNonNull(provider, "provider");
        return query("list discovered models of " + provider,
                "SELECT " + COLUMNS + " FROM discovered_models WHERE provider = ? ORDER BY model", provider);
    }

    private List<DiscoveredModel> query(String operation, String sql, String provider) {
        return db.read(operation, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (provider != null) {
                    ps.setString(1, provider);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    List<DiscoveredModel> rows = new ArrayList<>();
                    while (rs.next()) {
                        rows.add(row(rs));
                    }
                    return List.copyOf(rows);
                }
            }
        });
    }

    private static DiscoveredModel row(ResultSet rs) throws SQLException {
        return new DiscoveredModel(rs.getString("provider"), rs.getString("model"), Rows.instant(rs, "first_seen"),
                Rows.optionalInstant(rs, "last_seen"), Rows.optionalInstant(rs, "vanished_since"));
    }
}
