package dev.tollfree.server;

import dev.tollfree.api.ChatRequest;
import dev.tollfree.api.Json;
import dev.tollfree.api.SseWriter;
import dev.tollfree.core.adapter.StreamItem;
import dev.tollfree.core.adapter.UpstreamError;
import dev.tollfree.core.adapter.Usage;
import dev.tollfree.core.routing.Dispatcher;
import dev.tollfree.core.routing.TokenEstimator;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.function.LongSupplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Relays a committed upstream stream to the caller. After the commit a failure can no longer
 * change the status line, so it ends the stream with an SSE error event (which SDKs raise) and
 * no {@code [DONE]} — never a truncated answer that looks complete.
 */
final class StreamRelay implements KeepAlive.Pingable {
    private static final byte[] PING = ": keep-alive\n\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final Dispatcher dispatcher;
    private final ChatRequest request;
    private final Dispatcher.StreamSession session;
    private final RequestContext ctx;
    private final LongSupplier nanos;
    private final KeepAlive keepAlive;
    private final Object writeLock = new Object();
    private volatile long lastWrite;
    private volatile OutputStream out;
    private volatile boolean gone;
    private volatile boolean expired;
    private final long deadline;
    private long contentChars;
    private boolean usageSent;
    private boolean usageSeen;
    private boolean remembered;
    private String id = "";
    private String model = "";
    private long created;

    StreamRelay(Dispatcher dispatcher, ChatRequest request, Dispatcher.StreamSession session, RequestContext ctx, LongSupplier nanos,
                KeepAlive keepAlive, java.time.Duration budget) {
        this.dispatcher = dispatcher;
        this.deadline = ctx.startNanos + budget.toNanos();
        this.request = request;
        this.session = session;
        this.ctx = ctx;
        this.nanos = nanos;
        this.keepAlive = keepAlive;
        this.lastWrite = nanos.getAsLong();
    }

    @Override
    public long lastWriteNanos() {
        return lastWrite;
    }

    @Override
    public long deadlineNanos() {
        return deadline;
    }

    @Override
    public void expire() {
        expired = true;
        session.stream().close(); // unblocks the relay's read; it then ends the stream with an error event
    }

    @Override
    public void ping() {
        OutputStream o = out;
        if (o == null || gone) {
            return;
        }
        try {
            send(o, PING);
        } catch (ClientGone e) {
            gone = true;
            session.stream().close(); // unblocks the relay's read; the upstream call is cancelled
        }
    }

    /** The caller went away while we were writing. */
    private static final class ClientGone extends RuntimeException {
        ClientGone(Throwable cause) {
            super(cause);
        }
    }

    void relay(ServerResponse res) {
        ctx.provider = session.route().provider().id();
        ctx.model = session.route().model().id();
        ChatHandler.routedHeaders(res, session.route().name(), ctx);
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.header(HeaderNames.create("X-Accel-Buffering"), "no");
        ctx.status = 200;
        try (var stream = session.stream(); OutputStream out = res.outputStream()) {
            this.out = out;
            keepAlive.register(this);
            for (StreamItem.Chunk c : stream.head()) {
                write(out, c);
            }
            ctx.ttfbMillis = (nanos.getAsLong() - ctx.startNanos) / 1_000_000;
            while (true) {
                StreamItem item = stream.next();
                switch (item) {
                    case StreamItem.Chunk c -> write(out, c);
                    case StreamItem.End end -> {
                        finish(out);
                        return;
                    }
                    case StreamItem.Broken broken -> {
                        fail(out, broken.error());
                        return;
                    }
                }
            }
        } catch (ClientGone e) {
            ctx.outcome = "cancelled";
            ctx.errorCode = "client_disconnected";
        } catch (IOException | UncheckedIOException e) {
            // closing the response after the client left
            if (ctx.outcome.equals("ok")) {
                ctx.outcome = "cancelled";
                ctx.errorCode = "client_disconnected";
            }
        } finally {
            keepAlive.unregister(this);
            // the provider counted this call however it ended: settle the reservation with what we know
            session.quota().commit(new dev.tollfree.core.adapter.Usage(ctx.promptTokens, ctx.completionTokens, !usageSeen));
        }
    }

    private void write(OutputStream out, StreamItem.Chunk c) {
        java.util.Optional<byte[]> raw = c.raw();
        if (id.isEmpty() && (!remembered || raw.isEmpty())) { // the first chunk, or a later tree while no id was seen
            remember(c.json());
            remembered = true;
        }
        if (raw.isPresent()) {
            contentChars += c.textChars(); // no usage in it, nothing to change: the provider's bytes go out
            send(out, SseWriter.data(raw.get()));
            return;
        }
        ObjectNode chunk = c.json();
        JsonNode choices = chunk.path("choices");
        boolean usageOnly = choices.isArray() && choices.isEmpty() && chunk.has("usage");
        if (chunk.path("usage").isObject()) {
            Usage u = new Usage(chunk.path("usage").path("prompt_tokens").asLong(0), chunk.path("usage").path("completion_tokens").asLong(0), false);
            ctx.promptTokens = u.promptTokens();
            ctx.completionTokens = u.completionTokens();
            ctx.usageEstimated = false;
            usageSeen = true;
            if (!request.includeUsage()) {
                if (usageOnly) {
                    return;
                }
                chunk.remove("usage");
            } else {
                if (usageSent) {
                    chunk.remove("usage");
                    if (usageOnly) {
                        return;
                    }
                } else {
                    usageSent = true;
                }
            }
        }
        for (JsonNode choice : choices) {
            JsonNode delta = choice.path("delta");
            contentChars += delta.path("content").asString("").length() + delta.path("reasoning_content").asString("").length();
        }
        send(out, SseWriter.data(Json.bytes(chunk)));
    }

    private void remember(ObjectNode chunk) {
        id = chunk.path("id").asString("");
        model = chunk.path("model").asString("");
        created = chunk.path("created").asLong(0);
    }

    private void finish(OutputStream out) {
        if (!usageSeen) {
            ctx.promptTokens = TokenEstimator.promptTokens(request);
            ctx.completionTokens = (long) Math.ceil(contentChars / 4.0);
            ctx.usageEstimated = true;
        }
        if (request.includeUsage() && !usageSent) {
            ObjectNode chunk = Json.object();
            chunk.put("id", id);
            chunk.put("object", "chat.completion.chunk");
            chunk.put("created", created);
            chunk.put("model", model);
            chunk.putArray("choices");
            ObjectNode usage = chunk.putObject("usage");
            usage.put("prompt_tokens", ctx.promptTokens);
            usage.put("completion_tokens", ctx.completionTokens);
            usage.put("total_tokens", ctx.promptTokens + ctx.completionTokens);
            if (ctx.usageEstimated) {
                chunk.put("x_tollfree_usage_estimated", true);
            }
            send(out, SseWriter.data(Json.bytes(chunk)));
        }
        send(out, SseWriter.done());
    }

    private void fail(OutputStream out, UpstreamError error) {
        if (expired) {
            error = UpstreamError.transport(UpstreamError.Kind.IDLE_TIMEOUT,
                    "the answer ran past the request's time budget (server.request_timeout)");
        } else if (error.kind() == UpstreamError.Kind.CANCELLED || gone) {
            ctx.outcome = "cancelled";
            ctx.errorCode = "client_disconnected";
            return;
        }
        ctx.outcome = "stream_error";
        ctx.errorCode = "stream_interrupted";
        dispatcher.streamBroke(session, error);
        ObjectNode body = Json.object();
        ObjectNode e = body.putObject("error");
        e.put("message", "The upstream stream from " + session.route().name() + " broke after the answer had started: "
                + error.summary() + ". The answer above is incomplete.");
        e.put("type", "upstream_error");
        e.put("code", "stream_interrupted");
        e.putNull("param");
        send(out, SseWriter.data(Json.bytes(body)));
    }

    private void send(OutputStream out, byte[] bytes) {
        try {
            synchronized (writeLock) {
                out.write(bytes);
                out.flush();
            }
            lastWrite = nanos.getAsLong();
        } catch (IOException | UncheckedIOException e) {
            throw new ClientGone(e);
        } catch (RuntimeException e) {
            throw new ClientGone(e);
        }
    }
}
