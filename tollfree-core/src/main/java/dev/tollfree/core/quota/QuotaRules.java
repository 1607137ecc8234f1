package dev.tollfree.core.quota;

import dev.tollfree.core.adapter.RateLimitSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The rules every ledger implementation shares, so that the local and the shared ledger refuse
 * with the same words and learn the same lessons from the same response: how a refusal is worded,
 * which of two refusals wins, and what a provider's rate-limit report teaches.
 */
public final class QuotaRules {
    /** The longest a 429 or a reported reset can close a scope. */
    public static final long MAX_BLOCK_MS = Duration.ofDays(7).toMillis();
    /** The longest a monthly budget reported spent can close a scope. */
    public static final long MAX_MONTH_BLOCK_MS = Duration.ofDays(31).toMillis();

    private QuotaRules() {}

    /** What one counter of a provider's report teaches a scope. */
    public sealed interface Lesson permits Counter, Block {}

    /**
     * A counter to learn: its limit and what is left, lapsing at {@code resetAt} (epoch ms).
     *
     * @param limit     the reported limit, if any
     * @param remaining the reported remaining count, if any
     */
    public record Counter(QuotaMetric metric, OptionalLong limit, OptionalLong remaining, long resetAt) implements Lesson {}

    /** Refuse the scope until {@code until} (epoch ms): a monthly budget reported spent. */
    public record Block(Denial.Reason reason, long until) implements Lesson {}

    /**
     * What {@code snapshot} teaches, read at {@code now} (epoch ms): a counter of an {@code UNKNOWN}
     * window counts as per minute; a {@code MONTH} counter only matters when it reports 0 left.
     */
    public static List<Lesson> lessons(RateLimitSnapshot snapshot, long now) {
        List<Lesson> out = new ArrayList<>(2);
        lesson(out, false, snapshot.requestWindow(), snapshot.requestLimit(), snapshot.requestsRemaining(), snapshot.requestsReset(), now);
        lesson(out, true, snapshot.tokenWindow(), snapshot.tokenLimit(), snapshot.tokensRemaining(), snapshot.tokensReset(), now);
        return out;
    }

    private static void lesson(List<Lesson> out, boolean tokens, RateLimitSnapshot.Window window, OptionalLong limit,
                               OptionalLong remaining, Optional<Instant> reset, long now) {
        long stated = reset.map(UtcTime::millis).orElse(Long.MIN_VALUE);
        switch (window) {
            case MINUTE, UNKNOWN -> out.add(new Counter(QuotaMetric.of(QuotaWindow.MINUTE, tokens), limit, remaining,
                    capped(stated != Long.MIN_VALUE ? stated : now + UtcTime.MINUTE_MS, now)));
            case DAY -> out.add(new Counter(QuotaMetric.of(QuotaWindow.DAY, tokens), limit, remaining,
                    capped(stated != Long.MIN_VALUE ? stated : UtcTime.nextMidnight(now), now)));
            case MONTH -> {
                if (remaining.isPresent() && remaining.getAsLong() == 0) {
                    long until = stated != Long.MIN_VALUE ? stated : UtcTime.nextMonth(now);
                    out.add(new Block(Denial.Reason.REPORTED_EXHAUSTED, Math.min(until, MinuteWindow.saturatedAdd(now, MAX_MONTH_BLOCK_MS))));
                }
            }
        }
    }

    /** {@code until}, but no later than {@link #MAX_BLOCK_MS} after {@code now}. */
    public static long capped(long until, long now) {
        return Math.min(until, MinuteWindow.saturatedAdd(now, MAX_BLOCK_MS));
    }

    /**
     * How long a 429 for {@code window} closes a scope, before any explanation by the scope's own
     * counts: the stated wait (cut at {@link #MAX_BLOCK_MS}, negative as 0), or -1 when none was stated.
     */
    public static long statedWait(Optional<Duration> retryAfter) {
        return retryAfter.map(d -> d.isNegative() ? 0 : Math.min(MAX_BLOCK_MS, millisOf(d))).orElse(-1L);
    }

    private static long millisOf(Duration d) {
        try {
            return d.toMillis();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** The scope closed until {@code until} by a 429 or a provider's report. */
    public static Denial blocked(QuotaKey key, Denial.Reason reason, long until) {
        return new Denial(key, scope(key), reason, Optional.empty(), Optional.of(UtcTime.instant(until)),
                reason == Denial.Reason.DAILY_CAP ? "daily cap reached (the provider answered 429)"
                        : reason == Denial.Reason.RATE_LIMITED ? "rate-limited (the provider answered 429)"
                        : "the provider reported the budget used up");
    }

    /** The request alone needs {@code amount}, more than {@code limit}: never on this key. */
    public static Denial tooLarge(QuotaKey key, QuotaMetric m, long amount, long limit) {
        return new Denial(key, scope(key), Denial.Reason.TOO_LARGE, Optional.of(m), Optional.empty(),
                "the request needs " + amount + " tokens, more than the limit of " + limit + " " + m.describe());
    }

    /** {@code used} plus {@code amount} would pass {@code limit}; room again at {@code freeAt} (epoch ms). */
    public static Denial overLimit(QuotaKey key, QuotaMetric m, long used, long limit, long amount, long freeAt) {
        return new Denial(key, scope(key), Denial.Reason.LIMIT, Optional.of(m), Optional.of(UtcTime.instant(freeAt)),
                used + " of " + limit + " " + m.describe() + " used" + (m.tokens() ? ", the request needs " + amount : ""));
    }

    /** The provider's report leaves {@code room}, less than {@code amount}; room again at {@code freeAt} (epoch ms). */
    public static Denial reportedExhausted(QuotaKey key, QuotaMetric m, long room, long amount, long freeAt) {
        return new Denial(key, scope(key), Denial.Reason.REPORTED_EXHAUSTED, Optional.of(m), Optional.of(UtcTime.instant(freeAt)),
                "the provider reported " + Math.max(0, room) + " " + m.describe() + " left"
                        + (m.tokens() ? ", the request needs " + amount : ""));
    }

    /** A permanent denial beats any other; otherwise the one that lifts later (the first on a tie). Either may be null. */
    public static Denial worse(Denial a, Denial b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        if (a.permanent() || b.permanent()) {
            return a.permanent() ? a : b;
        }
        return b.retryAt().orElseThrow().isAfter(a.retryAt().orElseThrow()) ? b : a;
    }

    private static Denial.Scope scope(QuotaKey key) {
        return key.isAccount() ? Denial.Scope.ACCOUNT : Denial.Scope.MODEL;
    }
}
