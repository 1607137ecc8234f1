package dev.tollfree.core.routing;

import dev.tollfree.api.ChatRequest;
import dev.tollfree.core.adapter.ChatResult;
import dev.tollfree.core.adapter.Credential;
import dev.tollfree.core.adapter.ProviderError;
import dev.tollfree.core.adapter.StreamStart;
import dev.tollfree.core.adapter.UpstreamError;
import dev.tollfree.core.adapter.UpstreamStream;
import dev.tollfree.core.adapter.Usage;
import dev.tollfree.core.quota.QuotaConfig;
import dev.tollfree.core.quota.QuotaLedger;
import dev.tollfree.core.quota.TokenCounter;
import java.time.InstantSource;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import tools.jackson.databind.node.ObjectNode;

/**
 * The failover loop's public face: a request in, a served completion or committed stream out, or
 * an {@link dev.tollfree.api.ApiException} that says what happened to every candidate.
 */
public final class Dispatcher {
    private final Adapters adapters;
    private final AttemptLoop loop;

    /** Per-request options from the edge. */
    public record Options(Optional<String> sessionId, boolean webSearch) {
        public static final Options NONE = new Options(Optional.empty(), false);

        public Options(Optional<String> sessionId) {
            this(sessionId, false);
        }
    }

    /** Shared health state: benches, circuit breakers, sticky sessions, the quota ledger and its token counter. */
    public record Health(Cooldowns cooldowns, CircuitBreakers breakers, SessionAffinity affinity, QuotaLedger ledger, TokenCounter tokens) {
        public static Health defaults(InstantSource clock) {
            return new Health(new Cooldowns(clock), CircuitBreakers.defaults(clock), SessionAffinity.disabled(clock),
                    QuotaLedger.create(QuotaConfig.DEFAULTS.withSnapshotInterval(java.time.Duration.ZERO), clock, dev.tollfree.core.store.QuotaStore.NONE),
                    TokenCounter.create());
        }
    }

    public Dispatcher(Adapters adapters, Supplier<RouteTable> routes, Health health, Function<KeyRef, Credential> opener,
                      Supplier<RoutingSettings> settings, InstantSource clock, LongSupplier nanos) {
        this.adapters = adapters;
        this.loop = new AttemptLoop(routes, health, opener, settings, clock, nanos);
    }

    public Dispatcher(Adapters adapters, Supplier<RouteTable> routes, Cooldowns cooldowns, Function<KeyRef, Credential> opener,
                      Supplier<RoutingSettings> settings, InstantSource clock, LongSupplier nanos) {
        this(adapters, routes, new Health(cooldowns, CircuitBreakers.defaults(clock), SessionAffinity.disabled(clock),
                        QuotaLedger.create(QuotaConfig.DEFAULTS.withSnapshotInterval(java.time.Duration.ZERO), clock, dev.tollfree.core.store.QuotaStore.NONE),
                        TokenCounter.create()),
                opener, settings, clock, nanos);
    }

    /** A served non-streaming completion: the adapter's answer and the route that gave it. */
    public record Completion(ChatResult.Success answer, Route route) {
        /** The answer as a tree (parsed from the provider's bytes when the adapter kept only those). */
        public ObjectNode body() {
            return answer.body();
        }

        public Usage usage() {
            return answer.usage();
        }

        /** The provider's own bytes of {@code body}, when they can be sent on unchanged. */
        public java.util.Optional<byte[]> bytes() {
            return answer.bytes();
        }
    }

    /** A committed stream: headers may now be sent; the relay settles {@code quota} when it ends. */
    public record StreamSession(UpstreamStream stream, Route route, KeyRef key, QuotaTicket quota) {}

    public Completion complete(ChatRequest request, Trace trace) {
        return complete(request, Options.NONE, trace);
    }

    public Completion complete(ChatRequest request, Options options, Trace trace) {
        return loop.run(request, options, trace, (call, route, key, ticket) -> switch (adapters.forFormat(route.provider().format()).complete(call)) {
            case ChatResult.Success s -> {
                ticket.commit(s.usage());
                ticket.observe(s.limits());
                yield AttemptLoop.Outcome.served(new Completion(s, route), s.firstByteMillis());
            }
            case ChatResult.Failure f -> AttemptLoop.Outcome.failed(f.error());
        });
    }

    public StreamSession stream(ChatRequest request, Trace trace) {
        return stream(request, Options.NONE, trace);
    }

    public StreamSession stream(ChatRequest request, Options options, Trace trace) {
        return loop.run(request, options, trace, (call, route, key, ticket) -> switch (adapters.forFormat(route.provider().format()).openStream(call)) {
            case StreamStart.Started s -> {
                ticket.answered();
                ticket.observe(s.stream().limits());
                yield AttemptLoop.Outcome.served(new StreamSession(s.stream(), route, key, ticket), s.stream().firstByteMillis());
            }
            case StreamStart.Failure f -> AttemptLoop.Outcome.failed(f.error());
        });
    }

    /**
     * Reports a stream that broke after its commit (cut, stall, malformed chunk, in-band error), so
     * the route is benched and counted against its provider like a failed attempt.
     */
    public void streamBroke(StreamSession session, UpstreamError error) {
        loop.streamBroke(session.route(), session.key(), error);
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
}
