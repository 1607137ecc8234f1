package dev.tollfree.core.adapter.anthropic;

import dev.tollfree.api.Json;
import dev.tollfree.api.LineReader;
import dev.tollfree.api.SseEvent;
import dev.tollfree.api.SseParser;
import dev.tollfree.core.adapter.RateLimitSnapshot;
import dev.tollfree.core.adapter.StreamItem;
import dev.tollfree.core.adapter.StreamStart;
import dev.tollfree.core.adapter.UpstreamError;
import dev.tollfree.core.adapter.UpstreamStream;
import dev.tollfree.core.adapter.Watchdog;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An Anthropic {@code stream: true} body, read event by event under the first-byte deadline
 * (until the first real payload) and the idle deadline (between events after it). Only
 * {@code message_stop} ends the stream cleanly; a body that ends without it was cut. An
 * {@code error} event or a data line that is not a JSON object breaks the stream. {@link #open}
 * returns {@code Started} only once text, reasoning or a tool call has arrived (the commit point).
 */
final class AnthropicStream implements UpstreamStream {
    private static final int MAX_LINE = 4 * 1024 * 1024;

    private final InputStream in;
    private final LineReader lines;
    private final ArrayDeque<SseEvent> events = new ArrayDeque<>();
    private final SseParser parser = new SseParser(events::add);
    private final ArrayDeque<StreamItem> ready = new ArrayDeque<>();
    private final StreamTranslator translator;
    private final Watchdog.Watch watch;
    private final Duration idle;
    private final RateLimitSnapshot limits;
    private final List<StreamItem.Chunk> head = new ArrayList<>();
    private long firstByteMillis = -1;
    private boolean ended;
    private volatile boolean closed;

    private AnthropicStream(InputStream in, Watchdog watchdog, long firstByteDeadline, Duration idle, RateLimitSnapshot limits,
                            StreamTranslator translator) {
        this.in = in;
        this.lines = new LineReader(in, MAX_LINE);
        this.idle = idle;
        this.limits = limits;
        this.translator = translator;
        this.watch = watchdog.watchUntil(firstByteDeadline, () -> AnthropicHttp.closeQuietly(in));
    }

    /** Reads until the first real payload (commit) or a failure before it; the first-byte deadline counts from {@code startNanos}. */
    static StreamStart open(InputStream in, Watchdog watchdog, Duration firstByte, Duration idle, RateLimitSnapshot limits,
                            StreamTranslator translator, long startNanos, LongSupplier nanos) {
        AnthropicStream s = new AnthropicStream(in, watchdog, startNanos + firstByte.toNanos(), idle, limits, translator);
        while (true) {
            switch (s.read()) {
                case StreamItem.Chunk c -> {
                    s.head.add(c);
                    if (hasPayload(c.json().path("choices").path(0).path("delta"))) {
                        s.firstByteMillis = (nanos.getAsLong() - startNanos) / 1_000_000;
                        s.watch.extend(idle);
                        return new StreamStart.Started(s);
                    }
                }
                case StreamItem.End end -> {
                    s.close();
                    return new StreamStart.Failure(AnthropicHttp.malformed("the stream ended before any content", "empty_stream"));
                }
                case StreamItem.Broken broken -> {
                    s.close();
                    return new StreamStart.Failure(broken.error());
                }
            }
        }
    }

    private static boolean hasPayload(JsonNode delta) {
        return !delta.path("content").asString("").isEmpty() || !delta.path("reasoning_content").asString("").isEmpty()
                || !delta.path("tool_calls").isEmpty();
    }

    @Override
    public List<StreamItem.Chunk> head() {
        return head;
    }

    @Override
    public StreamItem next() {
        StreamItem item = read();
        if (item instanceof StreamItem.Chunk) {
            watch.extend(idle);
        } else {
            close();
        }
        return item;
    }

    private StreamItem read() {
        while (true) {
            StreamItem item = ready.poll();
            if (item != null) {
                ended |= !(item instanceof StreamItem.Chunk);
                return item;
            }
            if (ended) {
                return new StreamItem.End(translator.usage(), translator.finished(), true);
            }
            SseEvent event = events.poll();
            if (event != null) {
                accept(event);
                continue;
            }
            String line;
            try {
                line = lines.readLine();
            } catch (IOException e) {
                return broken(e);
            }
            if (line == null) {
                parser.finish();
                if (events.isEmpty()) {
                    ready.add(endOfBody());
                }
                continue;
            }
            parser.line(line);
        }
    }

    /** The body ended before {@code message_stop}: a deadline closed it, or the connection was cut. */
    private StreamItem endOfBody() {
        if (watch.expired()) {
            return timeout();
        }
        return new StreamItem.Broken(UpstreamError.transport(UpstreamError.Kind.CONNECTION_LOST,
                "the stream ended without message_stop"));
    }

    /** One event's JSON: chunks, an end, or a break. Nothing is taken after an end or a break. */
    private void accept(SseEvent event) {
        String text = event.data().strip();
        if (text.isEmpty() || !ready.isEmpty() && !(ready.peekLast() instanceof StreamItem.Chunk)) {
            return;
        }
        Optional<JsonNode> parsed = Json.tryParse(text);
        if (parsed.isEmpty() || !(parsed.get() instanceof ObjectNode json)) {
            ready.add(new StreamItem.Broken(AnthropicHttp.malformed("malformed stream event: " + abbreviate(text), "malformed_chunk")));
            return;
        }
        ready.addAll(translator.onEvent(event.event(), json));
    }

    private StreamItem broken(IOException e) {
        ended = true;
        if (closed && !watch.expired()) {
            return new StreamItem.Broken(UpstreamError.transport(UpstreamError.Kind.CANCELLED, "cancelled"));
        }
        if (watch.expired()) {
            return timeout();
        }
        return new StreamItem.Broken(AnthropicHttp.transportError(e));
    }

    private StreamItem.Broken timeout() {
        boolean beforeContent = firstByteMillis < 0;
        return new StreamItem.Broken(UpstreamError.transport(
                beforeContent ? UpstreamError.Kind.FIRST_BYTE_TIMEOUT : UpstreamError.Kind.IDLE_TIMEOUT,
                beforeContent ? "no content arrived in time" : "the stream stalled for " + idle.toMillis() + " ms"));
    }

    private static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "…" : s;
    }

    @Override
    public RateLimitSnapshot limits() {
        return limits;
    }

    @Override
    public long firstByteMillis() {
        return firstByteMillis;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            watch.close();
            AnthropicHttp.closeQuietly(in);
        }
    }
}
