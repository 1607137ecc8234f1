package dev.tollfree.core.quota;

import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicBoolean;

/** A granted reservation: remembers where it was counted so that settling adjusts exactly that. */
final class LedgerReservation implements Reservation {
    private final Entry model;
    private final Entry account;
    private final InstantSource clock;
    private final long cost;
    /** The second the request is counted in: the one it was granted in, or the one its answer arrived in. */
    private long second;
    private final long day;
    private boolean answered;
    private final AtomicBoolean settled = new AtomicBoolean();

    LedgerReservation(Entry model, Entry account, InstantSource clock, long cost, long now) {
        this.model = model;
        this.account = account;
        this.clock = clock;
        this.cost = cost;
        this.second = UtcTime.second(now);
        this.day = UtcTime.day(now);
    }

    @Override
    public QuotaKey key() {
        return model.key;
    }

    @Override
    public long estimatedTokens() {
        return cost;
    }

    @Override
    public boolean commit(long promptTokens, long completionTokens) {
        if (promptTokens < 0 || completionTokens < 0) {
            throw new IllegalArgumentException("token counts cannot be negative, were " + promptTokens + " and " + completionTokens);
        }
        if (!settled.compareAndSet(false, true)) {
            return false;
        }
        long actual = MinuteWindow.saturatedAdd(promptTokens, completionTokens);
        synchronized (this) {
            moveToNow();
            settle(0, actual - cost);
        }
        return true;
    }

    @Override
    public void answered() {
        synchronized (this) {
            if (!settled.get()) {
                moveToNow();
            }
        }
    }

    /** Once: counts the request in the current second instead of the one it was granted in. */
    private void moveToNow() {
        if (answered) {
            return;
        }
        answered = true;
        long now = clock.millis();
        long to = UtcTime.second(now);
        if (to <= second) {
            return;
        }
        // both scopes were counted in the same second, so both buckets are live or neither is
        if (move(model, now) & move(account, now)) {
            second = to;
        }
    }

    private boolean move(Entry e, long now) {
        e.lock.lock();
        try {
            return e.answered(second, cost, now);
        } finally {
            e.lock.unlock();
        }
    }

    @Override
    public boolean release() {
        if (!settled.compareAndSet(false, true)) {
            return false;
        }
        synchronized (this) {
            settle(-1, -cost);
        }
        return true;
    }

    private void settle(long requestDelta, long tokenDelta) {
        long now = clock.millis();
        settle(model, requestDelta, tokenDelta, now);
        settle(account, requestDelta, tokenDelta, now);
    }

    private void settle(Entry e, long requestDelta, long tokenDelta, long now) {
        e.lock.lock();
        try {
            e.settle(second, day, cost, requestDelta, tokenDelta, now);
        } finally {
            e.lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "Reservation[" + model.key + ", " + cost + " tokens" + (settled.get() ? ", settled" : "") + "]";
    }
}
