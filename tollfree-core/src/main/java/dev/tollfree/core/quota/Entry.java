package dev.tollfree.core.quota;

import dev.tollfree.core.catalog.Limits;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The state of one scope (a key for one model, or a key account-wide). Every field below the lock
 * is guarded by {@link #lock}; a reservation holds the account's lock, then the model's (always in
 * that order, so two reservations cannot deadlock); everything else holds one lock at a time.
 * Time arrives as epoch milliseconds from the caller; nothing here allocates unless it refuses.
 */
final class Entry {
    private static final QuotaMetric[] METRICS = QuotaMetric.values();

    final QuotaKey key;
    /** The account scope a model scope reserves together with; itself for an account scope. */
    final QuotaKey accountKey;
    final ReentrantLock lock = new ReentrantLock();

    final MinuteWindow minute = new MinuteWindow();
    /** The UTC epoch day {@link #dayRequests} and {@link #dayTokens} belong to. */
    long day = Long.MIN_VALUE;
    long dayRequests;
    long dayTokens;
    /** Limits the provider reported, by {@link QuotaMetric#ordinal()}; 0 = none. */
    final long[] learned = new long[METRICS.length];
    /**
     * A report without a known limit: what the provider reported left, less what was reserved
     * since. A report with a known limit ({@link #reportLimit} set): the usage the provider counted
     * that this ledger did not (another client of the key, a restart), which stays counted until the
     * report lapses while this ledger's own counts age out as usual. Holds while now is before
     * {@link #reportedUntil}.
     */
    final long[] reported = new long[METRICS.length];
    /** The limit the held report was made against; 0 = none known, {@link #reported} is then a plain budget. */
    final long[] reportLimit = new long[METRICS.length];
    /** Epoch ms at which a report lapses; 0 = no report. */
    final long[] reportedUntil = new long[METRICS.length];
    /** Epoch ms before which the scope refuses everything (429, exhausted monthly budget); 0 = open. */
    long blockedUntil;
    Denial.Reason blockReason = Denial.Reason.RATE_LIMITED;
    int inFlight;
    long inFlightTokens;
    /** Epoch ms of the last reservation or observation. */
    long touched;
    /** The limits last given for this scope, for status. */
    Limits configured = Limits.NONE;
    /** Bumped by every change; the snapshot writer compares it with {@link #savedVersion}. */
    long version;
    long savedVersion;
    /** A row for this scope is in the store. */
    boolean persisted;
    /** Dropped from the ledger's map: a reservation that finds this set looks the scope up again. */
    boolean evicted;

    Entry(QuotaKey key, long now) {
        this.key = key;
        this.accountKey = key.account();
        this.touched = now;
    }

    /** Starts a new UTC day's counts when the day has changed (never goes back a day). */
    void rollDay(long today) {
        if (today > day) {
            day = today;
            dayRequests = 0;
            dayTokens = 0;
        }
    }

    long used(QuotaMetric m, long now) {
        return switch (m.window()) {
            case MINUTE -> minute.used(m.tokens(), UtcTime.second(now));
            case DAY -> day >= UtcTime.day(now) ? (m.tokens() ? dayTokens : dayRequests) : 0;
        };
    }

    /** The lower non-zero of the configured and the learned limit; 0 when neither is known. */
    static long effective(long configured, long learned) {
        if (configured == 0) {
            return learned;
        }
        return learned == 0 ? configured : Math.min(configured, learned);
    }

    long limit(QuotaMetric m) {
        return effective(m.of(configured), learned[m.ordinal()]);
    }

    /** A token budget (configured, learned or reported) is checked here now. Lock held. */
    boolean checksTokens(long now) {
        return limit(QuotaMetric.TPM) > 0 || limit(QuotaMetric.TPD) > 0
                || reportHolds(QuotaMetric.TPM, now) || reportHolds(QuotaMetric.TPD, now);
    }

    boolean reportHolds(QuotaMetric m, long now) {
        return reportedUntil[m.ordinal()] > now;
    }

    /** What the held report of {@code m} leaves for new requests now (may be negative). Lock held, report holding. */
    long room(QuotaMetric m, long now) {
        int i = m.ordinal();
        return reportLimit[i] == 0 ? reported[i] : reportLimit[i] - MinuteWindow.saturatedAdd(used(m, now), reported[i]);
    }

    /** The held report of {@code m} says the budget is spent by others' usage alone (not explained by this ledger's counts). */
    boolean reportedSpent(QuotaMetric m, long now) {
        int i = m.ordinal();
        return reportHolds(m, now) && (reportLimit[i] == 0 ? reported[i] == 0 : reported[i] >= reportLimit[i]);
    }

    /**
     * The denial that lifts last if one request of {@code cost} tokens cannot be reserved now under
     * {@link #configured}, else null. Call with the lock held and the day rolled.
     */
    Denial check(long cost, long now) {
        Denial worst = blockedUntil > now ? QuotaRules.blocked(key, blockReason, blockedUntil) : null;
        for (QuotaMetric m : METRICS) {
            long amount = m.tokens() ? cost : 1;
            long limit = limit(m);
            if (limit > 0) {
                long used = used(m, now);
                if (amount > limit) {
                    worst = QuotaRules.worse(worst, QuotaRules.tooLarge(key, m, amount, limit));
                } else if (MinuteWindow.saturatedAdd(used, amount) > limit) {
                    worst = QuotaRules.worse(worst, QuotaRules.overLimit(key, m, used, limit, amount, freedAt(m, used + amount - limit, now)));
                }
            }
            if (reportHolds(m, now)) {
                long room = room(m, now);
                if (room < amount) {
                    worst = QuotaRules.worse(worst, QuotaRules.reportedExhausted(key, m, room, amount, reportFreedAt(m, amount - room, now)));
                }
            }
        }
        return worst;
    }

    /**
     * When a held report of {@code m} leaves room for {@code need} more: at its reset, or sooner
     * when the report has a known limit and enough of this ledger's own minute ages out first
     * (the provider counts those too, so they free its window as well).
     */
    private long reportFreedAt(QuotaMetric m, long need, long now) {
        int i = m.ordinal();
        if (reportLimit[i] > 0 && m.window() == QuotaWindow.MINUTE && need <= used(m, now)) {
            return Math.min(reportedUntil[i], minute.freedBy(m.tokens(), need, UtcTime.second(now)) * UtcTime.SECOND_MS);
        }
        return reportedUntil[i];
    }

    /** When enough of {@code m} will have aged out to free {@code need}. */
    private long freedAt(QuotaMetric m, long need, long now) {
        return switch (m.window()) {
            case MINUTE -> minute.freedBy(m.tokens(), need, UtcTime.second(now)) * UtcTime.SECOND_MS;
            case DAY -> UtcTime.nextMidnight(now);
        };
    }

    /** Counts one granted request of {@code cost} tokens. Lock held, day rolled, {@link #check} passed. */
    void charge(long cost, long now) {
        minute.add(UtcTime.second(now), 1, cost);
        dayRequests++;
        dayTokens = MinuteWindow.saturatedAdd(dayTokens, cost);
        for (QuotaMetric m : METRICS) {
            if (reportHolds(m, now) && reportLimit[m.ordinal()] == 0) {
                reported[m.ordinal()] = Math.max(0, reported[m.ordinal()] - (m.tokens() ? cost : 1));
            }
        }
        inFlight++;
        inFlightTokens = MinuteWindow.saturatedAdd(inFlightTokens, cost);
        touched = now;
        version++;
    }

    /**
     * Settles a reservation made during second {@code atSecond} of UTC day {@code atDay}: adds the
     * deltas where it was counted when that is still live. A later increase whose bucket or day has
     * gone is counted now instead (the safe side); a decrease then is dropped. Lock held.
     */
    void settle(long atSecond, long atDay, long cost, long requestDelta, long tokenDelta, long now) {
        long second = UtcTime.second(now);
        if (!minute.adjust(atSecond, second, requestDelta, tokenDelta) && (requestDelta > 0 || tokenDelta > 0)) {
            minute.add(second, Math.max(0, requestDelta), Math.max(0, tokenDelta));
        }
        rollDay(UtcTime.day(now));
        if (day == atDay) {
            dayRequests = Math.max(0, dayRequests + requestDelta);
            dayTokens = Math.max(0, MinuteWindow.saturatedAdd(dayTokens, tokenDelta));
        } else {
            dayRequests += Math.max(0, requestDelta);
            dayTokens = MinuteWindow.saturatedAdd(dayTokens, Math.max(0, tokenDelta));
        }
        if (tokenDelta > 0) {
            for (QuotaMetric m : METRICS) {
                if (m.tokens() && reportHolds(m, now) && reportLimit[m.ordinal()] == 0) {
                    reported[m.ordinal()] = Math.max(0, reported[m.ordinal()] - tokenDelta);
                }
            }
        }
        inFlight = Math.max(0, inFlight - 1);
        inFlightTokens = Math.max(0, inFlightTokens - cost);
        version++;
    }

    /**
     * Moves one request of {@code cost} tokens counted during second {@code atSecond} to the current
     * second: the provider answered it now, and may have counted it as late as that. Lock held.
     */
    boolean answered(long atSecond, long cost, long now) {
        if (minute.move(atSecond, UtcTime.second(now), 1, cost)) {
            version++;
            return true;
        }
        return false;
    }

    /** Takes in one counter of a provider's rate-limit report. Lock held. */
    void learn(QuotaMetric m, OptionalLong limit, OptionalLong remaining, long resetAt, long now) {
        int i = m.ordinal();
        if (limit.isPresent() && limit.getAsLong() > 0 && learned[i] != limit.getAsLong()) {
            learned[i] = limit.getAsLong();
            version++;
        }
        if (remaining.isPresent() && resetAt > now) {
            long inFlightOf = m.tokens() ? inFlightTokens : inFlight;
            long reportLimitNow = learned[i];
            long value;
            long room;
            if (reportLimitNow > 0) {
                // What the provider counted beyond this ledger's own finished calls is someone else's
                // usage; the calls still in flight may not have reached it yet, so they count as ours.
                long providerUsed = reportLimitNow - Math.min(remaining.getAsLong(), reportLimitNow);
                long ownSettled = Math.max(0, used(m, now) - inFlightOf);
                value = Math.max(0, providerUsed - ownSettled);
                room = reportLimitNow - MinuteWindow.saturatedAdd(used(m, now), value);
            } else {
                value = Math.max(0, remaining.getAsLong() - inFlightOf);
                room = value;
            }
            // a report of an earlier moment processed later must not reopen what a newer one closed
            boolean stale = reportHolds(m, now) && resetAt <= reportedUntil[i] + UtcTime.SECOND_MS && room(m, now) <= room;
            if (!stale) {
                reported[i] = value;
                reportLimit[i] = reportLimitNow;
                reportedUntil[i] = resetAt;
                version++;
            }
        }
        touched = Math.max(touched, now);
    }

    /** Refuses everything until {@code until}, unless already refused longer. Lock held. */
    void block(Denial.Reason reason, long until, long now) {
        if (until > blockedUntil) {
            blockedUntil = until;
            blockReason = reason;
            version++;
        }
        touched = Math.max(touched, now);
    }

    /** Nothing counted, blocked, reported or in flight, and unused for {@code idleMillis}. Lock held. */
    boolean idle(long now, long idleMillis) {
        if (inFlight > 0 || now - touched < idleMillis || !isQuiet(now)) {
            return false;
        }
        for (QuotaMetric m : METRICS) {
            if (reportHolds(m, now)) {
                return false;
            }
        }
        return true;
    }

    /** Nothing counted in either window and nothing blocking. */
    boolean isQuiet(long now) {
        return minute.isEmpty(UtcTime.second(now)) && used(QuotaMetric.RPD, now) == 0 && used(QuotaMetric.TPD, now) == 0
                && blockedUntil <= now;
    }

    QuotaStatus status(long now) {
        return new QuotaStatus(key, meter(QuotaMetric.RPM, now), meter(QuotaMetric.RPD, now), meter(QuotaMetric.TPM, now),
                meter(QuotaMetric.TPD, now), inFlight,
                blockedUntil > now ? Optional.of(new QuotaStatus.Block(blockReason, UtcTime.instant(blockedUntil))) : Optional.empty());
    }

    private QuotaStatus.Meter meter(QuotaMetric m, long now) {
        int i = m.ordinal();
        boolean holds = reportHolds(m, now);
        return new QuotaStatus.Meter(used(m, now), limit(m), m.of(configured), learned[i],
                holds ? OptionalLong.of(Math.max(0, room(m, now))) : OptionalLong.empty(),
                holds ? Optional.of(UtcTime.instant(reportedUntil[i])) : Optional.empty());
    }
}
