package dev.tollfree.bench.quota;

import java.util.ArrayDeque;

/**
 * A provider's own rolling minute, exact to the millisecond: a request admitted at {@code a}
 * counts while {@code now - a < 60 000}. Admission checks the request count against {@code rpm}
 * and, like Groq, OpenAI and Cerebras, the tokens used plus the prompt plus {@code max_tokens}
 * against {@code tpm}; what stays counted is the prompt plus the completion actually produced.
 * Refused requests count nothing. A limit of 0 is no limit. Time comes in as epoch milliseconds.
 */
final class RollingWindow {
    static final long MINUTE_MS = 60_000;

    /** Which budget refused a request. */
    enum Hit { NONE, REQUESTS, TOKENS }

    /**
     * The provider's view right after a request.
     *
     * @param requestsUsed requests counted in the window, this one included when admitted
     * @param tokensUsed tokens counted in the window, this one included when admitted
     * @param retryAfterMs when refused: until the budget that refused has room for this request
     * @param requestsFullMs until every counted request has aged out (OpenAI's "reset": back to full)
     * @param tokensFullMs until every counted token has aged out
     */
    record Verdict(Hit hit, int requestsUsed, long tokensUsed, long retryAfterMs, long requestsFullMs, long tokensFullMs) {
        boolean admitted() {
            return hit == Hit.NONE;
        }
    }

    private record Count(long at, long tokens) {}

    private final int rpm;
    private final long tpm;
    private final ArrayDeque<Count> counts = new ArrayDeque<>();
    private long tokens;

    RollingWindow(int rpm, long tpm) {
        if (rpm < 0 || tpm < 0) {
            throw new IllegalArgumentException("limits cannot be negative, were rpm " + rpm + " and tpm " + tpm);
        }
        this.rpm = rpm;
        this.tpm = tpm;
    }

    /**
     * Admits one request or refuses it.
     *
     * @param requestedTokens what the provider reserves to decide: prompt plus {@code max_tokens}
     * @param chargedTokens what stays counted when admitted: prompt plus completion
     */
    synchronized Verdict admit(long now, long requestedTokens, long chargedTokens) {
        expire(now);
        Hit hit = Hit.NONE;
        long retry = 0;
        if (rpm > 0 && counts.size() + 1 > rpm) {
            hit = Hit.REQUESTS;
            retry = ageOut(counts.size() + 1 - rpm, false, now);
        } else if (tpm > 0 && tokens + requestedTokens > tpm) {
            hit = Hit.TOKENS;
            retry = requestedTokens > tpm ? MINUTE_MS : ageOut(tokens + requestedTokens - tpm, true, now);
        }
        if (hit == Hit.NONE) {
            counts.addLast(new Count(now, chargedTokens));
            tokens += chargedTokens;
        }
        long full = counts.isEmpty() ? 0 : counts.peekLast().at() + MINUTE_MS - now;
        return new Verdict(hit, counts.size(), tokens, retry, full, full);
    }

    private void expire(long now) {
        while (!counts.isEmpty() && now - counts.peekFirst().at() >= MINUTE_MS) {
            tokens -= counts.pollFirst().tokens();
        }
    }

    /** Milliseconds until at least {@code need} requests (or tokens) have aged out, oldest first. */
    private long ageOut(long need, boolean ofTokens, long now) {
        long freed = 0;
        for (Count c : counts) {
            freed += ofTokens ? c.tokens() : 1;
            if (freed >= need) {
                return c.at() + MINUTE_MS - now;
            }
        }
        return MINUTE_MS;
    }
}
