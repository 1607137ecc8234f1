package dev.tollfree.server;

import dev.tollfree.api.ApiException;
import dev.tollfree.api.ChatRequest;
import dev.tollfree.core.adapter.Usage;
import dev.tollfree.core.log.RequestIds;
import dev.tollfree.core.log.RequestLogger;
import dev.tollfree.core.routing.Dispatcher;
import dev.tollfree.core.routing.TokenEstimator;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.function.LongSupplier;

/** {@code POST /v1/chat/completions}: authenticate, validate, dispatch, render or relay. */
final class ChatHandler {
    private final Auth auth;
    private final Dispatcher dispatcher;
    private final Optional<RequestLogger> log;
    private final long maxBody;
    private final InstantSource clock;
    private final LongSupplier nanos;
    private final KeepAlive keepAlive;
    private final Admission admission;
    private final dev.tollfree.core.service.CallerLimits callerLimits;
    private final java.time.Duration budget;

    ChatHandler(Auth auth, Dispatcher dispatcher, Optional<RequestLogger> log, long maxBody, InstantSource clock, LongSupplier nanos,
                KeepAlive keepAlive, Admission admission, dev.tollfree.core.service.CallerLimits callerLimits, java.time.Duration budget) {
        this.auth = auth;
        this.dispatcher = dispatcher;
        this.log = log;
        this.maxBody = maxBody;
        this.clock = clock;
        this.nanos = nanos;
        this.keepAlive = keepAlive;
        this.admission = admission;
        this.callerLimits = callerLimits;
        this.budget = budget;
    }

    void handle(ServerRequest req, ServerResponse res) {
        handle(req, res, false);
    }

    /** {@code POST /v1/chat/completions/web-search}: the same, routed only to models that search the web. */
    void handleWebSearch(ServerRequest req, ServerResponse res) {
        handle(req, res, true);
    }

    private void handle(ServerRequest req, ServerResponse res, boolean webSearch) {
        Instant now = clock.instant();
        RequestContext ctx = new RequestContext(RequestIds.next(now), now, nanos.getAsLong());
        res.header(Headers.REQUEST_ID, ctx.requestId);
        boolean admitted = false;
        dev.tollfree.core.service.CallerLimits.Hold hold = dev.tollfree.core.service.CallerLimits.Hold.NONE;
        try {
            var key = auth.require(req);
            ctx.gatewayKeyId = key.id();
            admission.acquire();
            admitted = true;
            ChatRequest chat = ChatRequest.parse(Bodies.read(req, maxBody));
            hold = callerLimits.reserve(key, chat);
            ctx.requestedModel = chat.model();
            ctx.stream = chat.stream();
            Dispatcher.Options options = new Dispatcher.Options(req.headers().first(Headers.SESSION_ID).map(String::strip), webSearch);
            if (chat.stream()) {
                Dispatcher.StreamSession session = dispatcher.stream(chat, options, ctx.trace);
                new StreamRelay(dispatcher, chat, session, ctx, nanos, keepAlive, budget).relay(res);
            } else {
                Dispatcher.Completion c = dispatcher.complete(chat, options, ctx.trace);
                routedHeaders(res, c.route().name(), ctx);
                ctx.provider = c.route().provider().id();
                ctx.model = c.route().model().id();
                Usage usage = c.usage();
                if (usage.estimated()) {
                    usage = new Usage(TokenEstimator.promptTokens(chat), 0, true);
                }
                ctx.promptTokens = usage.promptTokens();
                ctx.completionTokens = usage.completionTokens();
                ctx.usageEstimated = usage.estimated();
                ctx.status = 200;
                ctx.ttfbMillis = (nanos.getAsLong() - ctx.startNanos) / 1_000_000;
                if (c.bytes().isPresent()) {
                    Responses.json(res, 200, c.bytes().get());
                } else {
                    Responses.json(res, 200, c.body());
                }
            }
        } catch (ApiException e) {
            ctx.status = e.error().status();
            ctx.outcome = "error";
            ctx.errorCode = e.error().code() == null ? e.error().type() : e.error().code();
            if (ctx.trace.fallbacks() > 0) {
                res.header(Headers.FALLBACK_ATTEMPTS, Integer.toString(ctx.trace.fallbacks()));
            }
            throw e;
        } finally {
            hold.settle(ctx.promptTokens, ctx.completionTokens, ctx.status == 200);
            if (admitted) {
                admission.release();
            }
            if (ctx.gatewayKeyId != 0 || ctx.status != 401) {
                log.ifPresent(l -> l.log(ctx.toRecord(nanos.getAsLong())));
            }
        }
    }

    static void routedHeaders(ServerResponse res, String routeName, RequestContext ctx) {
        res.header(Headers.ROUTED_VIA, routeName);
        int fallbacks = ctx.trace.fallbacks();
        if (fallbacks > 0) {
            res.header(Headers.FALLBACK_ATTEMPTS, Integer.toString(fallbacks));
        }
    }

    /** Header names Tollfree adds. */
    static final class Headers {
        static final io.helidon.http.HeaderName ROUTED_VIA = HeaderNames.create("X-Routed-Via");
        static final io.helidon.http.HeaderName FALLBACK_ATTEMPTS = HeaderNames.create("X-Fallback-Attempts");
        static final io.helidon.http.HeaderName REQUEST_ID = HeaderNames.create("x-request-id");
        static final io.helidon.http.HeaderName SESSION_ID = HeaderNames.create("X-Session-Id");

        private Headers() {}
    }
}
