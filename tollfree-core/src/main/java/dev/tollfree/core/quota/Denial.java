package dev.tollfree.core.quota;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a reservation was refused, and the earliest instant it could succeed. When several budgets
 * refuse, the denial names the one that lifts last (a permanent one before any other).
 *
 * @param key     the scope that refused: the model's key, or its {@link QuotaKey#account() account}
 * @param scope   which of the two
 * @param reason  what kind of budget refused
 * @param metric  the counted budget, when the reason is about one ({@code LIMIT}, {@code TOO_LARGE},
 *                and {@code REPORTED_EXHAUSTED} from a minute or day counter)
 * @param retryAt the earliest instant the same reservation could succeed as far as counted usage and
 *                learned facts go (a release of another in-flight reservation can make it sooner);
 *                empty when waiting cannot help ({@link Reason#TOO_LARGE})
 * @param detail  one line for traces and logs, e.g. {@code 30 of 30 requests per minute used}
 */
public record Denial(QuotaKey key, Scope scope, Reason reason, Optional<QuotaMetric> metric, Optional<Instant> retryAt,
                     String detail) implements Admission {

    /** Which scope's budget refused. */
    public enum Scope {
        /** The key for this model. */
        MODEL,
        /** The key across all its models. */
        ACCOUNT
    }

    /** What refused. */
    public enum Reason {
        /** Counted usage plus this request would pass a configured or learned limit. */
        LIMIT,
        /** The provider's headers said the budget is spent (or what they said was left is used up) until their reset. */
        REPORTED_EXHAUSTED,
        /** A short-window 429: refused for the wait the provider asked for, else a minute. */
        RATE_LIMITED,
        /** A daily-cap 429: refused until the next UTC midnight, or the longer wait the provider stated. */
        DAILY_CAP,
        /** The request alone needs more tokens than a token limit allows: this key and model can never serve it. */
        TOO_LARGE
    }

    public Denial {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(retryAt, "retryAt");
        Objects.requireNonNull(detail, "detail");
    }

    /** True when waiting cannot help: the request is too large for this key and model. */
    public boolean permanent() {
        return retryAt.isEmpty();
    }

    /** {@code quota groq/key42/llama-3.3-70b-versatile: 30 of 30 requests per minute used, free at 2026-…Z}. */
    public String summary() {
        return "quota " + key + ": " + detail + retryAt.map(at -> ", free at " + at).orElse(", never on this key");
    }
}
