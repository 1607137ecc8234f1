package dev.tollfree.core.routing;

import dev.tollfree.api.ChatRequest;
import dev.tollfree.core.adapter.ChatResult;
import dev.tollfree.core.adapter.Credential;
import dev.tollfree.core.adapter.ProviderError;
import dev.tollfree.core.adapter.StreamStart;
import dev.tollfree.core.adapter.UpstreamError;
import dev.tollfree.core.adapter.UpstreamRequest;
import dev.tollfree.core.adapter.UpstreamStream;
import dev.tollfree.core.adapter.Usage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import tools.jackson.databind.node.ObjectNode;

/**
 * The failover loop: walks the candidates, calls adapters, classifies failures, benches what
 * failed and moves on, within the attempt and time budget.
 */
public final class Dispatcher {
    private final Adapters adapters;
    private final Supplier<RouteTable> routes;
    private final Cooldowns cooldowns;
    private final Function<KeyRef, Credential> opener;
    private final Supplier<RoutingSettings> settings;
    private final FailurePolicy policy;
    private final LongSupplier nanos;
    private final java.time.InstantSource clock;

    public Dispatcher(Adapters adapters, Supplier<RouteTable> routes, Cooldowns cooldowns, Function<KeyRef, Credential> opener,
                      Supplier<RoutingSettings> settings, java.time.InstantSource clock, LongSupplier nanos) {
        this.adapters = adapters;
        this.routes = routes;
        this.cooldowns = cooldowns;
        this.opener = opener;
        this.settings = settings;
        this.policy = new FailurePolicy(cooldowns, clock);
        this.nanos = nanos;
        this.clock = clock;
    }

    /** A served non-streaming completion. */
    public record Completion(ObjectNode body, Route route, Usage usage) {}

    /** A committed stream: headers may now be sent. */
    public record StreamSession(UpstreamStream stream, Route route) {}

    public Completion complete(ChatRequest request, Trace trace) {
        return run(request, trace, (call, route) -> switch (adapterFor(route).complete(call)) {
            case ChatResult.Success s -> Outcome.served(new Completion(s.body(), route, s.usage()), s.firstByteMillis());
            case ChatResult.Failure f -> Outcome.failed(f.error());
        });
    }

    public StreamSession stream(ChatRequest request, Trace trace) {
        return run(request, trace, (call, route) -> switch (adapterFor(route).openStream(call)) {
            case StreamStart.Started s -> Outcome.served(new StreamSession(s.stream(), route), s.stream().firstByteMillis());
            case StreamStart.Failure f -> Outcome.failed(f.error());
        });
    }

    private dev.tollfree.core.adapter.ProviderAdapter adapterFor(Route route) {
        return adapters.forFormat(route.provider().format());
    }

    private record Outcome<T>(T value, UpstreamError error, long firstByteMillis) {
        static <T> Outcome<T> served(T value, long ttfb) {
            return new Outcome<>(value, null, ttfb);
        }

        static <T> Outcome<T> failed(UpstreamError error) {
            return new Outcome<>(null, error, -1);
        }
    }

    private interface Call<T> {
        Outcome<T> attempt(UpstreamRequest request, Route route);
    }

    private <T> T run(ChatRequest request, Trace trace, Call<T> call) {
        RoutingSettings s = settings.get();
        List<Route> candidates = Router.candidates(request, routes.get());
        long start = nanos.getAsLong();
        long budget = s.budget().toNanos();
        RequestState state = new RequestState();
        int attempts = 0;
        outer:
        for (Route route : candidates) {
            if (state.skipsProvider(route.provider().id())) {
                trace.skip(route.name() + ": skipped, provider failed earlier in this request");
                continue;
            }
            for (KeyRef key : state.rotate(route)) {
                if (state.skipsKey(key)) {
                    continue;
                }
                Optional<Cooldowns.Bench> bench = cooldowns.benched(key, route);
                if (bench.isPresent()) {
                    state.benched(bench.get());
                    trace.skip(route.name() + " (key " + key.label() + "): benched until " + bench.get().until() + " — " + bench.get().reason());
                    continue;
                }
                long elapsed = nanos.getAsLong() - start;
                if (attempts >= s.maxAttempts() || elapsed >= budget) {
                    state.exhaustedBudget(attempts >= s.maxAttempts() ? "attempt limit (" + s.maxAttempts() + ") reached" : "time budget reached");
                    break outer;
                }
                Credential credential;
                try {
                    credential = opener.apply(key);
                } catch (RuntimeException e) {
                    // e.g. sealed under another master key: this key is unusable, the others may still serve
                    state.skipKey(key);
                    trace.skip(route.name() + " (key " + key.label() + "): the key could not be opened — " + e.getMessage());
                    continue;
                }
                attempts++;
                Duration firstByte = min(s.firstByteTimeout(), Duration.ofNanos(budget - elapsed));
                UpstreamRequest upstream = new UpstreamRequest(route.provider(), route.model(), credential, request, firstByte, s.idleTimeout());
                long t0 = nanos.getAsLong();
                Outcome<T> outcome = call.attempt(upstream, route);
                long latency = (nanos.getAsLong() - t0) / 1_000_000;
                if (outcome.error() == null) {
                    trace.add(new Attempt(route, key, 200, Optional.empty(), "served", latency, outcome.firstByteMillis()));
                    return outcome.value();
                }
                UpstreamError error = scrubbed(outcome.error(), credential); // bench reasons and the caller's error too
                FailureClass fc = FailureClassifier.classify(error);
                trace.add(new Attempt(route, key, error.status(), Optional.of(fc), error.summary(), latency, -1));
                FailurePolicy.Next next = policy.apply(fc, error, key, route, state, s);
                switch (next) {
                    case NEXT_KEY -> {
                        // try the same route with the next key
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
        throw AllFailed.error(request.model(), trace, state, clock.instant());
    }

    /** The error with the key scrubbed from its message (before {@link UpstreamError#summary()} cuts it). */
    static UpstreamError scrubbed(UpstreamError e, Credential credential) {
        ProviderError pe = e.error();
        String message = scrub(pe.message(), credential);
        if (message.equals(pe.message())) {
            return e;
        }
        return new UpstreamError(e.kind(), e.status(), new ProviderError(message, pe.code(), pe.type(), pe.param()),
                e.retryAfter(), e.dailyLimit(), e.limits());
    }

    static String scrub(String text, Credential credential) {
        return dev.tollfree.core.secret.Masking.scrub(text, credential.secret());
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
