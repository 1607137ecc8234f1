package dev.tollfree.core.routing;

import dev.tollfree.core.adapter.UpstreamError;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * What happens after a failed attempt: which bench to set and where the loop goes next. The
 * table is documented in docs/routing.md; keep the two in step.
 */
final class FailurePolicy {
    static final Duration CREDENTIAL_BENCH = Duration.ofMinutes(10);
    static final Duration CREDITS_BENCH = Duration.ofHours(6);
    static final Duration FORBIDDEN_BENCH = Duration.ofHours(1);
    static final Duration GONE_BENCH = Duration.ofHours(1);
    static final Duration TRANSIENT_BENCH = Duration.ofSeconds(5);
    static final Duration MAX_BENCH = Duration.ofDays(1);
    /** Escalated rate-limit benches (without a longer stated wait) stop growing here. */
    static final Duration MAX_ESCALATED = Duration.ofHours(1);
    /** A model failing this many times in a row (any key) is benched for everyone. */
    static final int MODEL_STRIKES = 3;
    static final Duration MODEL_BENCH = Duration.ofSeconds(30);

    enum Next { RETRY, NEXT_KEY, NEXT_ROUTE, STOP }

    private final Cooldowns cooldowns;
    private final CircuitBreakers breakers;
    private final InstantSource clock;
    /** Given a bound in milliseconds, a random wait between 0 and it. */
    private final java.util.function.LongUnaryOperator jitter;

    FailurePolicy(Cooldowns cooldowns, CircuitBreakers breakers, InstantSource clock) {
        this(cooldowns, breakers, clock, bound -> bound <= 0 ? 0 : java.util.concurrent.ThreadLocalRandom.current().nextLong(bound + 1));
    }

    FailurePolicy(Cooldowns cooldowns, CircuitBreakers breakers, InstantSource clock, java.util.function.LongUnaryOperator jitter) {
        this.cooldowns = cooldowns;
        this.breakers = breakers;
        this.clock = clock;
        this.jitter = jitter;
    }

    Next apply(FailureClass fc, UpstreamError e, KeyRef key, Route route, RequestState state, RoutingSettings s) {
        state.attempted = true;
        if (fc != FailureClass.RATE_LIMIT && fc != FailureClass.DAILY_CAP) {
            state.sawOnlyLimits = false;
        }
        if (fc != FailureClass.CONTEXT_TOO_LARGE) {
            state.sawOnlyTooSmall = false;
        }
        String reason = e.summary();
        return switch (fc) {
            case CREDENTIAL -> {
                cooldowns.benchKey(key, CREDENTIAL_BENCH, fc, reason);
                state.skipKey(key);
                yield Next.NEXT_KEY;
            }
            case OUT_OF_CREDITS -> {
                cooldowns.benchKey(key, CREDITS_BENCH, fc, reason);
                state.skipKey(key);
                yield Next.NEXT_KEY;
            }
            case MODEL_FORBIDDEN -> {
                cooldowns.benchKeyModel(key, route, FORBIDDEN_BENCH, fc, reason);
                yield Next.NEXT_KEY;
            }
            case RATE_LIMIT -> {
                // the stated wait (or the default cooldown) first; repeated hits without a success in
                // between double it each time, up to an hour — but never below what the provider stated.
                // An escalated wait the provider did not state gets up to a quarter more at random, so that
                // keys and gateways benched together do not all come back in the same instant.
                int strikes = cooldowns.strike("quota", key, route);
                Duration base = e.retryAfter().orElse(s.cooldown());
                Duration escalated = base.multipliedBy(1L << Math.min(strikes - 1, 20));
                if (escalated.compareTo(MAX_ESCALATED) > 0) {
                    escalated = MAX_ESCALATED;
                }
                if (strikes > 1 && e.retryAfter().isEmpty()) {
                    escalated = escalated.plusMillis(jitter.applyAsLong(escalated.toMillis() / 4));
                }
                Duration wait = cap(max(base, escalated));
                cooldowns.benchKeyModel(key, route, wait, fc, reason);
                state.resetAt(clock.instant().plus(wait));
                yield Next.NEXT_KEY;
            }
            case DAILY_CAP -> {
                Duration wait = cap(max(e.retryAfter().orElse(Duration.ZERO), untilUtcMidnight()));
                cooldowns.benchKeyModel(key, route, wait, fc, reason);
                state.resetAt(clock.instant().plus(wait));
                yield Next.NEXT_KEY;
            }
            case MODEL_GONE -> {
                cooldowns.benchModel(route, GONE_BENCH, fc, reason);
                yield Next.NEXT_ROUTE;
            }
            case CONTEXT_TOO_LARGE -> Next.NEXT_ROUTE;
            case BAD_RESPONSE -> {
                benchModelAfterRepeats(route, fc, reason);
                yield Next.NEXT_ROUTE;
            }
            case REJECTED_REQUEST -> {
                state.skipProvider(route.provider().id());
                yield Next.NEXT_ROUTE;
            }
            case TRANSIENT -> {
                breakers.onFailure(route.provider().id()); // the breaker, not a model bench, guards against a down provider
                boolean second = state.serverFailure(route.provider().id());
                if (!second && state.mayRetry && retriesAtOnce(e)) {
                    yield Next.RETRY; // a one-off server error or a dropped connection: once more, same route and key
                }
                cooldowns.benchKeyModel(key, route, TRANSIENT_BENCH, fc, reason);
                if (second) {
                    state.skipProvider(route.provider().id());
                }
                yield Next.NEXT_ROUTE;
            }
            case CONTENT_POLICY -> {
                state.contentPolicy = e;
                yield Next.STOP;
            }
            case CANCELLED -> Next.STOP;
        };
    }

    /**
     * A server failure worth one immediate retry on the same route: a 500, 502, 503 or 504 that
     * names no wait. Not a timeout (a silent provider would cost the caller the same wait twice), a
     * refused or dropped connection (the provider is down, or the stream broke: the next candidate
     * restarts it cleanly), nor a stated wait (the provider asked for time).
     */
    static boolean retriesAtOnce(UpstreamError e) {
        return e.kind() == UpstreamError.Kind.HTTP_STATUS && e.retryAfter().isEmpty()
                && (e.status() == 500 || e.status() == 502 || e.status() == 503 || e.status() == 504);
    }

    private void benchModelAfterRepeats(Route route, FailureClass fc, String reason) {
        int strikes = cooldowns.strike("model", null, route);
        if (strikes >= MODEL_STRIKES) {
            Duration d = MODEL_BENCH.multipliedBy(1L << Math.min(strikes - MODEL_STRIKES, 4)); // 30 s .. 8 min
            cooldowns.benchModel(route, d, fc, "failed " + strikes + " times in a row: " + reason);
        }
    }

    private Duration untilUtcMidnight() {
        Instant now = clock.instant();
        Instant midnight = LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        return Duration.between(now, midnight);
    }

    private static Duration cap(Duration d) {
        return d.compareTo(MAX_BENCH) > 0 ? MAX_BENCH : d.isNegative() ? Duration.ZERO : d;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
