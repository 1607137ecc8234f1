package dev.tollfree.store;

import dev.tollfree.core.catalog.Capability;
import dev.tollfree.core.catalog.Limits;
import dev.tollfree.core.store.ModelSetting;
import dev.tollfree.core.store.SettingsStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Model overrides ({@code model_settings}), the fallback chain ({@code chain}) and key/value
 * metadata ({@code meta}). Upserts use {@code INSERT … ON CONFLICT … DO UPDATE}, which SQLite and
 * PostgreSQL spell the same way.
 */
final class JdbcSettingsStore implements SettingsStore {
    private final Database db;

    JdbcSettingsStore(Database db) {
        this.db = db;
    }

    @Override
    public List<ModelSetting> modelSettings() {
        return db.read("list model settings", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT provider, model, enabled, rpm, rpd, tpm, tpd,"
                    + " limits_uncertain, context_window, capabilities, intelligence FROM model_settings ORDER BY provider, model");
                    ResultSet rs = ps.executeQuery()) {
                List<ModelSetting> settings = new ArrayList<>();
                while (rs.next()) {
                    settings.add(new ModelSetting(
                            rs.getString("provider"),
                            rs.getString("model"),
                            Rows.optionalBool(rs, "enabled"),
                            limits(rs),
                            Rows.optionalInt(rs, "context_window"),
                            Rows.optionalString(rs, "capabilities").map(JdbcSettingsStore::decodeCapabilities),
                            Rows.optionalInt(rs, "intelligence")));
                }
                return List.copyOf(settings);
            }
        });
    }

    @Override
    public void putModelSetting(ModelSetting setting) {
        Objects.requireNonNull(setting, "setting");
        Objects.requireNonNull(setting.provider(), "setting.provider");
        Objects.requireNonNull(setting.model(), "setting.model");
        db.write("save model setting " + setting.provider() + "/" + setting.model(), c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO model_settings (provider, model, enabled,"
                    + " rpm, rpd, tpm, tpd, limits_uncertain, context_window, capabilities, intelligence)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (provider, model) DO UPDATE SET enabled = excluded.enabled,"
                    + " rpm = excluded.rpm, rpd = excluded.rpd, tpm = excluded.tpm, tpd = excluded.tpd,"
                    + " limits_uncertain = excluded.limits_uncertain, context_window = excluded.context_window,"
                    + " capabilities = excluded.capabilities, intelligence = excluded.intelligence")) {
                ps.setString(1, setting.provider());
                ps.setString(2, setting.model());
                Rows.setOptionalInt(ps, 3, setting.enabled().map(Rows::bool));
                bindLimits(ps, 4, setting.limits());
                Rows.setOptionalInt(ps, 9, setting.contextWindow());
                Rows.setOptionalString(ps, 10, setting.capabilities().map(JdbcSettingsStore::encodeCapabilities));
                Rows.setOptionalInt(ps, 11, setting.intelligence());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public List<String> chain() {
        return db.read("read the fallback chain", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT entry FROM chain ORDER BY position");
                    ResultSet rs = ps.executeQuery()) {
                List<String> entries = new ArrayList<>();
                while (rs.next()) {
                    entries.add(rs.getString(1));
                }
                return List.copyOf(entries);
            }
        });
    }

    @Override
    public void putChain(List<String> entries) {
        List<String> copy = List.copyOf(entries); // rejects null entries
        db.write("save the fallback chain", c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM chain")) {
                delete.executeUpdate();
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO chain (position, entry) VALUES (?, ?)")) {
                for (int i = 0; i < copy.size(); i++) {
                    insert.setInt(1, i);
                    insert.setString(2, copy.get(i));
                    insert.addBatch();
                }
                if (!copy.isEmpty()) {
                    insert.executeBatch();
                }
            }
            return null;
        });
    }

    @Override
    public Optional<String> meta(String key) {
        Objects.requireNonNull(key, "key");
        return db.read("read meta '" + key + "'", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    @Override
    public void putMeta(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        db.write("save meta '" + key + "'", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")) {
                ps.setString(1, key);
                ps.setString(2, value);
                return ps.executeUpdate();
            }
        });
    }

    private static void bindLimits(PreparedStatement ps, int first, Optional<Limits> limits) throws SQLException {
        if (limits.isEmpty()) {
            for (int i = 0; i < 4; i++) {
                ps.setNull(first + i, Types.BIGINT);
            }
            ps.setNull(first + 4, Types.INTEGER);
            return;
        }
        Limits l = limits.get();
        ps.setLong(first, l.rpm());
        ps.setLong(first + 1, l.rpd());
        ps.setLong(first + 2, l.tpm());
        ps.setLong(first + 3, l.tpd());
        ps.setInt(first + 4, Rows.bool(l.uncertain()));
    }

    private static Optional<Limits> limits(ResultSet rs) throws SQLException {
        Optional<Boolean> uncertain = Rows.optionalBool(rs, "limits_uncertain");
        if (uncertain.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Limits(rs.getLong("rpm"), rs.getLong("rpd"), rs.getLong("tpm"), rs.getLong("tpd"), uncertain.get()));
    }

    /** Comma-separated wire names in declaration order; the empty string is "explicitly none". */
    static String encodeCapabilities(Set<Capability> capabilities) {
        return capabilities.stream().sorted().map(Capability::wireName).collect(Collectors.joining(","));
    }

    /** The inverse of {@link #encodeCapabilities}; a name this version does not know (written by a newer one) is skipped. */
    static Set<Capability> decodeCapabilities(String text) {
        EnumSet<Capability> capabilities = EnumSet.noneOf(Capability.class);
        for (String name : text.split(",")) {
            for (Capability capability : Capability.values()) {
                if (capability.wireName().equals(name)) {
                    capabilities.add(capability);
                }
            }
        }
        return Collections.unmodifiableSet(capabilities);
    }
}
