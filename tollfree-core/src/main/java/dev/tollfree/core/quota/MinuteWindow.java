package dev.tollfree.core.quota;

import java.util.Arrays;

/**
 * A rolling minute of requests and tokens in one-second buckets. A count made during second
 * {@code s} stays counted while the current second is at most {@code s + 60}: from 60 to 61 seconds
 * after it happened, never less. So the window never forgets a count too early (no limit can be
 * passed in any 60-second interval), and it holds one up to one second too long (a refused call may
 * have been allowed up to a second sooner). 64 slots cover the 61 live seconds; a slot is reused
 * when its second is no longer live. Not thread-safe: the owning {@link Entry} locks around it.
 */
final class MinuteWindow {
    /** Seconds a count stays live after the second it was made in. */
    static final long LIVE_SECONDS = 61;
    private static final int SLOTS = 64;
    private static final int MASK = SLOTS - 1;

    private final long[] second = new long[SLOTS];
    private final long[] requests = new long[SLOTS];
    private final long[] tokens = new long[SLOTS];

    MinuteWindow() {
        Arrays.fill(second, Long.MIN_VALUE);
    }

    /**
     * Live while younger than {@link #LIVE_SECONDS}. A slot from the future (the clock was set back)
     * stays live, which only errs on the safe side.
     */
    private static boolean live(long slotSecond, long now) {
        return slotSecond != Long.MIN_VALUE && slotSecond > now - LIVE_SECONDS;
    }

    /** Adds to the bucket of second {@code now}. */
    void add(long now, long requestDelta, long tokenDelta) {
        int i = (int) (now & MASK);
        if (second[i] != now) {
            second[i] = now;
            requests[i] = 0;
            tokens[i] = 0;
        }
        requests[i] = Math.max(0, requests[i] + requestDelta);
        tokens[i] = Math.max(0, saturatedAdd(tokens[i], tokenDelta));
    }

    /** Adjusts the bucket of second {@code at} if it is still live; returns false (and changes nothing) if not. */
    boolean adjust(long at, long now, long requestDelta, long tokenDelta) {
        int i = (int) (at & MASK);
        if (second[i] != at || !live(at, now)) {
            return false;
        }
        requests[i] = Math.max(0, requests[i] + requestDelta);
        tokens[i] = Math.max(0, saturatedAdd(tokens[i], tokenDelta));
        return true;
    }

    /**
     * Moves {@code requestCount} requests and {@code tokenCount} tokens from the bucket of second
     * {@code from} to the bucket of second {@code to} (a later second, the current one), so they stay
     * counted longer. Does nothing and returns false when {@code from}'s bucket is no longer live.
     */
    boolean move(long from, long to, long requestCount, long tokenCount) {
        if (to <= from || !adjust(from, to, -requestCount, -tokenCount)) {
            return false;
        }
        add(to, requestCount, tokenCount);
        return true;
    }

    long requests(long now) {
        return sum(requests, now);
    }

    long tokens(long now) {
        return sum(tokens, now);
    }

    long used(boolean ofTokens, long now) {
        return ofTokens ? tokens(now) : requests(now);
    }

    boolean isEmpty(long now) {
        return requests(now) == 0 && tokens(now) == 0;
    }

    /**
     * The epoch second at which at least {@code need} requests (or tokens) will have aged out,
     * oldest first; {@code now + LIVE_SECONDS} when the live buckets hold less than that.
     */
    long freedBy(boolean ofTokens, long need, long now) {
        long[] values = ofTokens ? tokens : requests;
        long freed = 0;
        for (long s = now - LIVE_SECONDS + 1; s <= now; s++) {
            int i = (int) (s & MASK);
            if (second[i] == s) {
                freed = saturatedAdd(freed, values[i]);
                if (freed >= need) {
                    return s + LIVE_SECONDS;
                }
            }
        }
        return now + LIVE_SECONDS;
    }

    private long sum(long[] values, long now) {
        long total = 0;
        for (int i = 0; i < SLOTS; i++) {
            if (live(second[i], now)) {
                total = saturatedAdd(total, values[i]);
            }
        }
        return total;
    }

    static long saturatedAdd(long a, long b) {
        long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return r;
    }
}
