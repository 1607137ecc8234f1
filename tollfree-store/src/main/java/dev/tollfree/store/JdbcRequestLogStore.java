package dev.tollfree.store;

import dev.tollfree.core.store.RequestLogStore;
import dev.tollfree.core.store.RequestRecord;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The request log: one {@code request_log} row per request and one {@code request_attempts} row
 * per upstream attempt. A batch is written in one transaction with two batched inserts. The
 * request id is the identity of a record: appending a record whose id is already stored (a retried
 * batch, say) leaves the stored one as it was.
 */
final class JdbcRequestLogStore implements RequestLogStore {
    private static final String INSERT_RECORD = "INSERT INTO request_log (request_id, received_at, gateway_key_id,"
            + " requested_model, stream, status, outcome, error_code, provider, model, latency_ms, ttfb_ms,"
            + " prompt_tokens, completion_tokens, usage_estimated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (request_id) DO NOTHING";
    private static final String INSERT_ATTEMPT = "INSERT INTO request_attempts (request_id, position, attempt_index,"
            + " provider, model, key_id, status, failure_class, detail, latency_ms, ttfb_ms)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String RECENT = "SELECT r.request_id, r.received_at, r.gateway_key_id, r.requested_model,"
            + " r.stream, r.status, r.outcome, r.error_code, r.provider, r.model, r.latency_ms, r.ttfb_ms,"
            + " r.prompt_tokens, r.completion_tokens, r.usage_estimated, a.position, a.attempt_index,"
            + " a.provider AS a_provider, a.model AS a_model, a.key_id, a.status AS a_status, a.failure_class,"
            + " a.detail, a.latency_ms AS a_latency_ms, a.ttfb_ms AS a_ttfb_ms"
            + " FROM (SELECT * FROM request_log ORDER BY received_at DESC, id DESC LIMIT ?) r"
            + " LEFT JOIN request_attempts a ON a.request_id = r.request_id"
            + " ORDER BY r.received_at DESC, r.id DESC, a.position";

    private final Database db;

    JdbcRequestLogStore(Database db) {
        this.db = db;
    }

    @Override
    public void append(List<RequestRecord> batch) {
        List<RequestRecord> records = List.copyOf(batch);
        if (records.isEmpty()) {
            return;
        }
        records.forEach(JdbcRequestLogStore::requireComplete); // before the transaction: all or nothing
        db.write("append " + records.size() + " request log records", c -> {
            int[] inserted;
            try (PreparedStatement ps = c.prepareStatement(INSERT_RECORD)) {
                for (RequestRecord r : records) {
                    bindRecord(ps, r);
                    ps.addBatch();
                }
                inserted = ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement(INSERT_ATTEMPT)) {
                boolean any = false;
                for (int i = 0; i < records.size(); i++) {
                    if (inserted[i] == 0) {
                        continue; // a repeated request id: the stored record keeps its own attempts
                    }
                    List<RequestRecord.Attempt> attempts = records.get(i).attempts();
                    for (int position = 0; position < attempts.size(); position++) {
                        bindAttempt(ps, records.get(i).requestId(), position, attempts.get(position));
                        ps.addBatch();
                        any = true;
                    }
                }
                if (any) {
                    ps.executeBatch();
                }
            }
            return null;
        });
    }

    @Override
    public List<RequestRecord> recent(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit cannot be negative, was " + limit);
        }
        if (limit == 0) {
            return List.of();
        }
        return db.read("read the " + limit + " most recent requests", c -> {
            try (PreparedStatement ps = c.prepareStatement(RECENT)) {
                ps.setInt(1, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    return readRecords(rs);
                }
            }
        });
    }

    @Override
    public long count() {
        return db.read("count requests", c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM request_log")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Override
    public long prune(Instant before) {
        Objects.requireNonNull(before, "before");
        long cutoff = before.toEpochMilli();
        return db.write("prune requests before " + before, c -> {
            try (PreparedStatement attempts = c.prepareStatement("DELETE FROM request_attempts WHERE request_id IN"
                    + " (SELECT request_id FROM request_log WHERE received_at < ?)")) {
                attempts.setLong(1, cutoff);
                attempts.executeUpdate();
            }
            try (PreparedStatement records = c.prepareStatement("DELETE FROM request_log WHERE received_at < ?")) {
                records.setLong(1, cutoff);
                return (long) records.executeUpdate();
            }
        });
    }

    private static void bindRecord(PreparedStatement ps, RequestRecord r) throws SQLException {
        ps.setString(1, r.requestId());
        ps.setLong(2, r.at().toEpochMilli());
        ps.setLong(3, r.gatewayKeyId());
        ps.setString(4, r.requestedModel());
        ps.setInt(5, Rows.bool(r.stream()));
        ps.setInt(6, r.status());
        ps.setString(7, r.outcome());
        ps.setString(8, r.errorCode());
        ps.setString(9, r.provider());
        ps.setString(10, r.model());
        ps.setLong(11, r.latencyMillis());
        ps.setLong(12, r.ttfbMillis());
        ps.setLong(13, r.promptTokens());
        ps.setLong(14, r.completionTokens());
        ps.setInt(15, Rows.bool(r.usageEstimated()));
    }

    private static void bindAttempt(PreparedStatement ps, String requestId, int position, RequestRecord.Attempt a) throws SQLException {
        ps.setString(1, requestId);
        ps.setInt(2, position);
        ps.setInt(3, a.index());
        ps.setString(4, a.provider());
        ps.setString(5, a.model());
        ps.setLong(6, a.keyId());
        ps.setInt(7, a.status());
        ps.setString(8, a.failureClass());
        ps.setString(9, a.detail());
        ps.setLong(10, a.latencyMillis());
        ps.setLong(11, a.ttfbMillis());
    }

    /** Rows arrive grouped by record (newest first), attempts in order; a record without attempts has one row of NULLs. */
    private static List<RequestRecord> readRecords(ResultSet rs) throws SQLException {
        List<RequestRecord> records = new ArrayList<>();
        String currentId = null;
        RequestRecord current = null;
        List<RequestRecord.Attempt> attempts = new ArrayList<>();
        while (rs.next()) {
            String requestId = rs.getString("request_id");
            if (!requestId.equals(currentId)) {
                if (current != null) {
                    records.add(withAttempts(current, attempts));
                }
                currentId = requestId;
                current = record(rs);
                attempts = new ArrayList<>();
            }
            rs.getInt("position");
            if (!rs.wasNull()) {
                attempts.add(attempt(rs));
            }
        }
        if (current != null) {
            records.add(withAttempts(current, attempts));
        }
        return List.copyOf(records);
    }

    private static RequestRecord record(ResultSet rs) throws SQLException {
        return new RequestRecord(
                rs.getString("request_id"),
                Rows.instant(rs, "received_at"),
                rs.getLong("gateway_key_id"),
                rs.getString("requested_model"),
                Rows.bool(rs, "stream"),
                rs.getInt("status"),
                rs.getString("outcome"),
                rs.getString("error_code"),
                rs.getString("provider"),
                rs.getString("model"),
                rs.getLong("latency_ms"),
                rs.getLong("ttfb_ms"),
                rs.getLong("prompt_tokens"),
                rs.getLong("completion_tokens"),
                Rows.bool(rs, "usage_estimated"),
                List.of());
    }

    private static RequestRecord.Attempt attempt(ResultSet rs) throws SQLException {
        return new RequestRecord.Attempt(
                rs.getInt("attempt_index"),
                rs.getString("a_provider"),
                rs.getString("a_model"),
                rs.getLong("key_id"),
                rs.getInt("a_status"),
                rs.getString("failure_class"),
                rs.getString("detail"),
                rs.getLong("a_latency_ms"),
                rs.getLong("a_ttfb_ms"));
    }

    private static RequestRecord withAttempts(RequestRecord r, List<RequestRecord.Attempt> attempts) {
        return new RequestRecord(r.requestId(), r.at(), r.gatewayKeyId(), r.requestedModel(), r.stream(), r.status(),
                r.outcome(), r.errorCode(), r.provider(), r.model(), r.latencyMillis(), r.ttfbMillis(),
                r.promptTokens(), r.completionTokens(), r.usageEstimated(), attempts);
    }

    private static void requireComplete(RequestRecord r) {
        Objects.requireNonNull(r, "record");
        Objects.requireNonNull(r.requestId(), "requestId");
        Objects.requireNonNull(r.at(), "at");
        Objects.requireNonNull(r.requestedModel(), "requestedModel");
        Objects.requireNonNull(r.outcome(), "outcome");
        Objects.requireNonNull(r.errorCode(), "errorCode (use an empty string)");
        Objects.requireNonNull(r.provider(), "provider (use an empty string)");
        Objects.requireNonNull(r.model(), "model (use an empty string)");
        for (RequestRecord.Attempt a : r.attempts()) {
            Objects.requireNonNull(a, "attempt");
            Objects.requireNonNull(a.provider(), "attempt.provider");
            Objects.requireNonNull(a.model(), "attempt.model");
            Objects.requireNonNull(a.failureClass(), "attempt.failureClass (use an empty string)");
            Objects.requireNonNull(a.detail(), "attempt.detail (use an empty string)");
        }
    }
}
