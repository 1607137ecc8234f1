package dev.tollfree.core.routing;

import dev.tollfree.api.ChatRequest;
import dev.tollfree.core.adapter.Credential;
import dev.tollfree.core.adapter.UpstreamError;
import dev.tollfree.core.adapter.UpstreamRequest;
import dev.tollfree.core.quota.Denial;
import dev.tollfree.core.quota.PromptTokens;
import dev.tollfree.core.quota.QuotaKey;
import dev.tollfree.core.quota.QuotaWindow;
import dev.tollfree.core.quota.Reservation;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/** Walks the candidates of one request, attempt by attempt, applying every gate before a call. */
final class AttemptLoop {
    private final Supplier<RouteTable> routes;
    private final Dispatcher.Health health;
    private final Function<KeyRef, Credential> opener;
    /** What the ledger closes a key for after a minute 429 its own counts do not explain. */
    private static final Duration UNEXPLAINED_LIMIT_HIT = Duration.ofMinutes(1);
    private final Supplier<RoutingSettings> settings;
    private final FailurePolicy policy;
    private final InstantSource clock;
    private final LongSupplier nanos;

    AttemptLoop(Supplier<RouteTable> routes, Dispatcher.Health health, Function<KeyRef, Credential> opener,
                Supplier<RoutingSettings> settings, InstantSource clock, LongSupplier nanos) {
        this.routes = routes;
        this.health = health;
        this.opener = opener;
        this.settings = settings;
        this.policy = new FailurePolicy(health.cooldowns(), health.breakers(), clock);
        this.clock = clock;
        this.nanos = nanos;
    }

    record Outcome<T>(T value, UpstreamError error, long firstByteMillis) {
        static <T> Outcome<T> served(T value, long ttfb) {
            return new Outcome<>(value, null, ttfb);
        }

        static <T> Outcome<T> failed(UpstreamError error) {
            return new Outcome<>(null, error, -1);
        }
    }

    interface Call<T> {
        Outcome<T> attempt(UpstreamRequest request, Route route, KeyRef key, QuotaTicket ticket);
    }

    <T> T run(ChatRequest request, Dispatcher.Options options, Trace trace, Call<T> call) {
        RoutingSettings s = settings.get();
        Optional<String> session = SessionAffinity.key(options.sessionId(), request.firstUserText(), request.hasAssistantTurn());
        List<Route> candidates = health.affinity().order(Router.candidates(request, routes.get(), options.webSearch()), session,
                options.sessionId().isPresent() || request.hasAssistantTurn());
        long start = nanos.getAsLong();
        long budget = s.budget().toNanos();
        PromptTokens promptTokens = PromptTokens.of(request, health.tokens()); // counted only where a token budget applies
        RequestState state = new RequestState();
        int attempts = 0;
        outer:
        for (Route route : candidates) {
            String provider = route.provider().id();
            if (state.skipsProvider(provider)) {
                trace.skip(route.name() + ": skipped, provider failed earlier in this request");
                continue;
            }
            keys:
            for (KeyRef key : state.rotate(route)) {
                retry:
                while (true) {
                    if (state.skipsKey(key)) {
                        continue keys;
                    }
                    Optional<Cooldowns.Bench> bench = health.cooldowns().benched(key, route);
                    if (bench.isPresent()) {
                        state.benched(bench.get());
                        trace.skip(route.name() + " (key " + key.label() + "): benched until " + bench.get().until() + " — " + bench.get().reason());
                        continue keys;
                    }
                    long elapsed = nanos.getAsLong() - start;
                    if (attempts >= s.maxAttempts() || elapsed >= budget) {
                        state.exhaustedBudget(attempts >= s.maxAttempts() ? "attempt limit (" + s.maxAttempts() + ") reached" : "time budget reached");
                        break outer;
                    }
                    CircuitBreakers.Permit permit = health.breakers().tryAcquire(provider);
                    if (permit == CircuitBreakers.Permit.REJECT) {
                        state.circuitOpen(health.breakers().reopensAt(provider));
                        trace.skip(route.name() + ": skipped, " + provider + " is failing (circuit open until " + health.breakers().reopensAt(provider) + ")");
                        continue outer;
                    }
                    QuotaKey qk = new QuotaKey(provider, key.slot(), route.model().id());
                    long outputTokens = health.tokens().outputTokens(request, route.model());
                    Reservation reservation;
                    switch (health.ledger().tryReserve(qk, route.model().limits(), route.provider().accountLimits(), promptTokens, outputTokens)) {
                        case Denial d -> {
                            health.breakers().onNeutral(provider, permit);
                            state.quotaDenied(d);
                            trace.skip(route.name() + " (key " + key.label() + "): " + d.summary());
                            continue keys;
                        }
                        case Reservation r -> reservation = r;
                    }
                    QuotaTicket ticket = new QuotaTicket(health.ledger(), qk, reservation, reservation.estimatedTokens() - outputTokens, outputTokens, clock);
                    Credential credential;
                    try {
                        credential = opener.apply(key);
                    } catch (RuntimeException e) {
                        // e.g. sealed under another master key: this key is unusable, the others may still serve
                        ticket.release();
                        health.breakers().onNeutral(provider, permit);
                        state.skipKey(key);
                        trace.skip(route.name() + " (key " + key.label() + "): the key could not be opened — " + e.getMessage());
                        continue keys;
                    }
                    attempts++;
                    Duration firstByte = min(s.firstByteTimeout(provider), Duration.ofNanos(budget - elapsed));
                    UpstreamRequest upstream = new UpstreamRequest(route.provider(), route.model(), credential, request, firstByte, s.idleTimeout(),
                            options.webSearch());
                    long t0 = nanos.getAsLong();
                    Outcome<T> outcome;
                    try {
                        outcome = call.attempt(upstream, route, key, ticket);
                    } catch (RuntimeException e) {
                        ticket.release();
                        throw e;
                    }
                    long latency = (nanos.getAsLong() - t0) / 1_000_000;
                    if (outcome.error() == null) {
                        trace.add(new Attempt(route, key, 200, Optional.empty(), "served", latency, outcome.firstByteMillis()));
                        health.breakers().onSuccess(provider);
                        health.cooldowns().succeeded(key, route);
                        health.affinity().remember(session, route);
                        return outcome.value();
                    }
                    UpstreamError error = Dispatcher.scrubbed(outcome.error(), credential); // bench reasons and the caller's error too
                    FailureClass fc = FailureClassifier.classify(error);
                    ticket.release();
                    error = learn(qk, fc, error);
                    if (fc != FailureClass.TRANSIENT) {
                        health.breakers().onNeutral(provider, permit); // only server trouble counts against the breaker
                    }
                    trace.add(new Attempt(route, key, error.status(), Optional.of(fc), error.summary(), latency, -1));
                    switch (policy.apply(fc, error, key, route, state, s)) {
                        case RETRY -> {
                            continue retry;
                        }
                        case NEXT_KEY -> {
                            continue keys;
                        }
                        case NEXT_ROUTE -> {
                            continue outer;
                        }
                        case STOP -> {
                            break outer;
                        }
                    }
                }
            }
        }
        throw AllFailed.error(request.model(), trace, state, clock.instant());
    }

    /**
     * What a failed call teaches the ledger: the provider's counters, and which window a 429 closed.
     * Returns the error to act on: a minute 429 that stated no wait gets the ledger's wait when the
     * ledger's own counts explain it (the ledger then frees the key before a full minute), so the
     * key is benched exactly until its window has room, not for {@code routing.cooldown}.
     */
    private UpstreamError learn(QuotaKey qk, FailureClass fc, UpstreamError error) {
        var now = clock.instant();
        if (!error.limits().isEmpty()) {
            health.ledger().observe(qk, error.limits(), now);
        }
        switch (fc) {
            case RATE_LIMIT -> {
                Instant until = health.ledger().observeLimitHit(qk, QuotaWindow.MINUTE, error.retryAfter(), now);
                Duration frees = Duration.between(now, until);
                if (error.retryAfter().isEmpty() && frees.isPositive() && frees.compareTo(UNEXPLAINED_LIMIT_HIT) < 0) {
                    return error.withRetryAfter(frees);
                }
            }
            case DAILY_CAP -> health.ledger().observeLimitHit(qk, QuotaWindow.DAY, error.retryAfter(), now);
            default -> {
                // other failures say nothing about quota
            }
        }
        return error;
    }

    /** A committed stream broke: the caller sees an error event; the route is benched like a failed attempt. */
    void streamBroke(Route route, KeyRef key, UpstreamError error) {
        FailureClass fc = FailureClassifier.classify(error);
        if (fc == FailureClass.CANCELLED) {
            return;
        }
        RequestState after = new RequestState();
        after.mayRetry = false;
        policy.apply(fc, error, key, route, after, settings.get());
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
