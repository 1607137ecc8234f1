package dev.tollfree.store;

import dev.tollfree.core.quota.QuotaKey;
import dev.tollfree.core.quota.Reservation;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A reservation held in the shared ledger: remembers the second and day it is counted in, so that
 * settling adjusts exactly those counts, in every gateway's view at once.
 */
final class SharedReservation implements Reservation {
    private static final long SECOND_MS = 1_000;
    private static final long DAY_MS = 86_400_000;

    private final RedisQuotaLedger ledger;
    private final QuotaKey key;
    private final String member;
    private final long cost;
    private final long day;
    /** The second the request is counted in: the one it was granted in, or the one its answer arrived in. */
    private long second;
    private boolean answered;
    private final AtomicBoolean settled = new AtomicBoolean();

    SharedReservation(RedisQuotaLedger ledger, QuotaKey key, String member, long cost, long grantedAt) {
        this.ledger = ledger;
        this.key = key;
        this.member = member;
        this.cost = cost;
        this.second = Math.floorDiv(grantedAt, SECOND_MS);
        this.day = Math.floorDiv(grantedAt, DAY_MS);
    }

    @Override
    public QuotaKey key() {
        return key;
    }

    @Override
    public long estimatedTokens() {
        return cost;
    }

    String member() {
        return member;
    }

    synchronized long second() {
        return second;
    }

    long day() {
        return day;
    }

    @Override
    public boolean commit(long promptTokens, long completionTokens) {
        if (promptTokens < 0 || completionTokens < 0) {
            throw new IllegalArgumentException("token counts cannot be negative, were " + promptTokens + " and " + completionTokens);
        }
        if (!settled.compareAndSet(false, true)) {
            return false;
        }
        long actual = promptTokens + completionTokens;
        if (actual < 0) {
            actual = Long.MAX_VALUE;
        }
        synchronized (this) {
            boolean move = !answered;
            answered = true;
            ledger.settle(this, 0, actual - cost, move);
        }
        return true;
    }

    @Override
    public void answered() {
        synchronized (this) {
            if (settled.get() || answered) {
                return;
            }
            answered = true;
            long to = ledger.answered(this);
            if (to >= 0) {
                second = to;
            }
        }
    }

    @Override
    public boolean release() {
        if (!settled.compareAndSet(false, true)) {
            return false;
        }
        synchronized (this) {
            ledger.settle(this, -1, -cost, false);
        }
        return true;
    }

    @Override
    public String toString() {
        return "Reservation[" + key + ", " + cost + " tokens" + (settled.get() ? ", settled" : "") + ", shared]";
    }
}
