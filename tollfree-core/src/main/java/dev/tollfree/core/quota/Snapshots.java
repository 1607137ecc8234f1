package dev.tollfree.core.quota;

import dev.tollfree.core.catalog.Limits;
import dev.tollfree.core.store.QuotaStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Moves ledger state to and from the {@link QuotaStore}. A row holds one scope: the rolling
 * minute's totals as of the snapshot, the day's totals keyed by UTC date, learned limits, and the
 * latest instant the scope is closed until (a 429, or a provider report of nothing left). Only
 * scopes with something worth keeping get a row; rows of scopes that went quiet or were evicted
 * are deleted in the same batch. Minute totals are restored as if all made at the snapshot second,
 * so they age out no sooner than they really would. Reported budgets that are not exhausted are not
 * kept: after a restart the provider's next response reports them again.
 */
final class Snapshots {
    private final QuotaStore store;
    private final long evictAfterMillis;
    /** One writer at a time (the timer and close); never taken on the request path. */
    private final ReentrantLock writing = new ReentrantLock();
    /** Rows to delete at the next write: loaded rows with nothing left in them, deletions of a failed write. */
    private final Queue<QuotaStore.Slot> pendingDeletions = new ConcurrentLinkedQueue<>();

    Snapshots(QuotaStore store, long evictAfterMillis) {
        this.store = store;
        this.evictAfterMillis = evictAfterMillis;
    }

    private record Written(Entry entry, long version, boolean hasRow) {}

    void restore(Map<QuotaKey, Entry> entries, long now) {
        for (QuotaStore.Row row : store.load()) {
            QuotaStore.Slot slot = row.slot();
            QuotaKey key;
            try {
                key = new QuotaKey(slot.provider(), slot.key(), slot.model());
            } catch (IllegalArgumentException unreadable) {
                pendingDeletions.add(slot);
                continue;
            }
            Entry e = new Entry(key, now);
            apply(row, e, now);
            if (hasNothing(e, now)) {
                pendingDeletions.add(slot);
            } else {
                e.persisted = true;
                entries.put(key, e);
            }
        }
    }

    private static void apply(QuotaStore.Row row, Entry e, long now) {
        long savedSecond = UtcTime.second(UtcTime.millis(row.savedAt()));
        if (savedSecond > UtcTime.second(now) - MinuteWindow.LIVE_SECONDS && (row.minuteRequests() > 0 || row.minuteTokens() > 0)) {
            e.minute.add(savedSecond, row.minuteRequests(), row.minuteTokens());
        }
        long rowDay = row.day().toEpochDay();
        if (rowDay >= UtcTime.day(now)) {
            e.day = rowDay;
            e.dayRequests = row.dayRequests();
            e.dayTokens = row.dayTokens();
        }
        Limits learned = row.learned();
        e.learned[QuotaMetric.RPM.ordinal()] = learned.rpm();
        e.learned[QuotaMetric.RPD.ordinal()] = learned.rpd();
        e.learned[QuotaMetric.TPM.ordinal()] = learned.tpm();
        e.learned[QuotaMetric.TPD.ordinal()] = learned.tpd();
        row.deniedUntil().map(UtcTime::millis).filter(until -> until > now).ifPresent(until -> {
            e.blockedUntil = Math.min(until, MinuteWindow.saturatedAdd(now, QuotaRules.MAX_MONTH_BLOCK_MS));
            e.blockReason = reason(row.deniedReason());
        });
    }

    private static Denial.Reason reason(String name) {
        for (Denial.Reason r : Denial.Reason.values()) {
            if (r.name().equals(name)) {
                return r;
            }
        }
        return Denial.Reason.REPORTED_EXHAUSTED;
    }

    /**
     * Writes the scopes that changed since their last write, deletes the rows of scopes with
     * nothing left, and evicts idle scopes, all in one batch. Entry locks are held only to copy.
     */
    void flush(Map<QuotaKey, Entry> entries, long now) {
        writing.lock();
        try {
            List<QuotaStore.Row> upserts = new ArrayList<>();
            List<QuotaStore.Slot> deletions = new ArrayList<>();
            List<Written> written = new ArrayList<>();
            for (QuotaStore.Slot s; (s = pendingDeletions.poll()) != null; ) {
                deletions.add(s);
            }
            for (Entry e : entries.values()) {
                e.lock.lock();
                try {
                    if (e.evicted) {
                        continue;
                    }
                    if (e.idle(now, evictAfterMillis)) {
                        entries.remove(e.key, e);
                        e.evicted = true;
                        if (e.persisted) {
                            deletions.add(slot(e.key));
                        }
                        continue;
                    }
                    if (e.version == e.savedVersion) {
                        continue;
                    }
                    Optional<QuotaStore.Row> row = row(e, now);
                    row.ifPresent(upserts::add);
                    if (row.isEmpty() && e.persisted) {
                        deletions.add(slot(e.key));
                    }
                    written.add(new Written(e, e.version, row.isPresent()));
                } finally {
                    e.lock.unlock();
                }
            }
            if (!upserts.isEmpty() || !deletions.isEmpty()) {
                try {
                    store.save(upserts, deletions);
                } catch (RuntimeException failure) {
                    pendingDeletions.addAll(deletions); // changed entries stay changed and are written next time
                    throw failure;
                }
            }
            for (Written w : written) {
                w.entry().lock.lock();
                try {
                    w.entry().savedVersion = Math.max(w.entry().savedVersion, w.version());
                    w.entry().persisted = w.hasRow();
                } finally {
                    w.entry().lock.unlock();
                }
            }
        } finally {
            writing.unlock();
        }
    }

    /** The row for {@code e} now, or empty when nothing in it is worth keeping. Lock held. */
    static Optional<QuotaStore.Row> row(Entry e, long now) {
        long second = UtcTime.second(now);
        long today = UtcTime.day(now);
        long minuteRequests = e.minute.requests(second);
        long minuteTokens = e.minute.tokens(second);
        boolean dayLive = e.day >= today;
        long dayRequests = dayLive ? e.dayRequests : 0;
        long dayTokens = dayLive ? e.dayTokens : 0;
        Limits learned = new Limits(e.learned[QuotaMetric.RPM.ordinal()], e.learned[QuotaMetric.RPD.ordinal()],
                e.learned[QuotaMetric.TPM.ordinal()], e.learned[QuotaMetric.TPD.ordinal()], false);
        long until = e.blockedUntil > now ? e.blockedUntil : 0;
        Denial.Reason reason = e.blockReason;
        for (QuotaMetric m : QuotaMetric.values()) {
            int i = m.ordinal();
            if (e.reportedSpent(m, now) && e.reportedUntil[i] > until) {
                until = e.reportedUntil[i];
                reason = Denial.Reason.REPORTED_EXHAUSTED;
            }
        }
        if (minuteRequests == 0 && minuteTokens == 0 && dayRequests == 0 && dayTokens == 0 && learned.equals(Limits.NONE) && until == 0) {
            return Optional.empty();
        }
        return Optional.of(new QuotaStore.Row(slot(e.key), Instant.ofEpochMilli(now), minuteRequests, minuteTokens,
                UtcTime.date(dayLive ? e.day : today), dayRequests, dayTokens, learned,
                until > 0 ? Optional.of(Instant.ofEpochMilli(until)) : Optional.empty(), until > 0 ? reason.name() : ""));
    }

    private static boolean hasNothing(Entry e, long now) {
        return row(e, now).isEmpty();
    }

    private static QuotaStore.Slot slot(QuotaKey key) {
        return new QuotaStore.Slot(key.provider(), key.key(), key.model());
    }
}
