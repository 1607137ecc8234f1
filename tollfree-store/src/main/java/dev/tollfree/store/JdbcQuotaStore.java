package dev.tollfree.store;

import dev.tollfree.core.catalog.Limits;
import dev.tollfree.core.store.QuotaStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Quota ledger snapshots in {@code quota_state}, one row per scope. A save is one transaction:
 * batched deletes, then batched upserts ({@code INSERT … ON CONFLICT … DO UPDATE}, spelled the same
 * on SQLite and PostgreSQL), so a slot both deleted and upserted ends up upserted.
 */
final class JdbcQuotaStore implements QuotaStore {
    private static final String COLUMNS = "provider, key_slot, model, saved_at, minute_requests, minute_tokens, utc_day,"
            + " day_requests, day_tokens, learned_rpm, learned_rpd, learned_tpm, learned_tpd, denied_until, denied_reason";
    private static final String UPSERT = "INSERT INTO quota_state (" + COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (provider, key_slot, model) DO UPDATE SET saved_at = excluded.saved_at,"
            + " minute_requests = excluded.minute_requests, minute_tokens = excluded.minute_tokens, utc_day = excluded.utc_day,"
            + " day_requests = excluded.day_requests, day_tokens = excluded.day_tokens, learned_rpm = excluded.learned_rpm,"
            + " learned_rpd = excluded.learned_rpd, learned_tpm = excluded.learned_tpm, learned_tpd = excluded.learned_tpd,"
            + " denied_until = excluded.denied_until, denied_reason = excluded.denied_reason";
    private static final String DELETE = "DELETE FROM quota_state WHERE provider = ? AND key_slot = ? AND model = ?";

    private final Database db;

    JdbcQuotaStore(Database db) {
        this.db = db;
    }

    @Override
    public List<Row> load() {
        return db.read("load quota snapshots", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM quota_state");
                    ResultSet rs = ps.executeQuery()) {
                List<Row> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(row(rs));
                }
                return List.copyOf(rows);
            }
        });
    }

    @Override
    public void save(List<Row> upserts, List<Slot> deletions) {
        List<Row> rows = List.copyOf(upserts);
        List<Slot> gone = List.copyOf(deletions);
        if (rows.isEmpty() && gone.isEmpty()) {
            return;
        }
        db.write("save " + rows.size() + " quota snapshot rows and delete " + gone.size(), c -> {
            if (!gone.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement(DELETE)) {
                    for (Slot s : gone) {
                        bindSlot(ps, s);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            if (!rows.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
                    for (Row r : rows) {
                        bind(ps, r);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            return null;
        });
    }

    private static void bindSlot(PreparedStatement ps, Slot s) throws SQLException {
        ps.setString(1, s.provider());
        ps.setString(2, s.key());
        ps.setString(3, s.model());
    }

    private static void bind(PreparedStatement ps, Row r) throws SQLException {
        bindSlot(ps, r.slot());
        ps.setLong(4, r.savedAt().toEpochMilli());
        ps.setLong(5, r.minuteRequests());
        ps.setLong(6, r.minuteTokens());
        ps.setString(7, r.day().toString());
        ps.setLong(8, r.dayRequests());
        ps.setLong(9, r.dayTokens());
        ps.setLong(10, r.learned().rpm());
        ps.setLong(11, r.learned().rpd());
        ps.setLong(12, r.learned().tpm());
        ps.setLong(13, r.learned().tpd());
        if (r.deniedUntil().isPresent()) {
            ps.setLong(14, r.deniedUntil().get().toEpochMilli());
        } else {
            ps.setNull(14, Types.BIGINT);
        }
        ps.setString(15, r.deniedReason());
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(
                new Slot(rs.getString("provider"), rs.getString("key_slot"), Objects.requireNonNullElse(rs.getString("model"), "")),
                Rows.instant(rs, "saved_at"),
                rs.getLong("minute_requests"),
                rs.getLong("minute_tokens"),
                LocalDate.parse(rs.getString("utc_day")),
                rs.getLong("day_requests"),
                rs.getLong("day_tokens"),
                new Limits(rs.getLong("learned_rpm"), rs.getLong("learned_rpd"), rs.getLong("learned_tpm"), rs.getLong("learned_tpd"), false),
                Rows.optionalInstant(rs, "denied_until"),
                rs.getString("denied_reason"));
    }
}
