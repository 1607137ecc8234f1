package dev.tollfree.core.adapter.commandcode;

import dev.tollfree.api.LineReader;
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
import java.util.function.LongSupplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A CommandCode NDJSON body, read line by line under the first-byte deadline (until the first
 * real payload) and the idle deadline (between lines after it). Blank lines, lines that are not
 * JSON objects with a {@code type}, and an SSE {@code data:} prefix are tolerated. The
 * {@code finish} event ends the stream cleanly; a body that ends before it was cut. Same commit
 * semantics as the other streams: {@link #open} returns {@code Started} only once text, reasoning
 * or a tool call has arrived.
 */
final class CommandCodeStream implements UpstreamStream {
    private static final int MAX_LINE = 4 * 1024 * 1024;

    private final InputStream in;
    private final LineReader lines;
    private final ArrayDeque<StreamItem> ready = new ArrayDeque<>();
    private final StreamTranslator translator;
    private final Watchdog.Watch watch;
    private final Duration idle;
    private final RateLimitSnapshot limits;
    private final List<StreamItem.Chunk> head = new ArrayList<>();
    private long firstByteMillis = -1;
    private boolean ended;
    private volatile boolean closed;

    private CommandCodeStream(InputStream in, Watchdog watchdog, long firstByteDeadline, Duration idle, RateLimitSnapshot limits,
                              StreamTranslator translator) {
        this.in = in;
        this.lines = new LineReader(in, MAX_LINE);
        this.idle = idle;
        this.limits = limits;
        this.translator = translator;
        this.watch = watchdog.watchUntil(firstByteDeadline, () -> CommandCodeHttp.closeQuietly(in));
    }

    /** Reads until the first real payload (commit) or a failure before it; the deadline counts from {@code startNanos}. */
    static StreamStart open(InputStream in, Watchdog watchdog, Duration firstByte, Duration idle, RateLimitSnapshot limits,
                            StreamTranslator translator, long startNanos, LongSupplier nanos) {
        CommandCodeStream s = new CommandCodeStream(in, watchdog, startNanos + firstByte.toNanos(), idle, limits, translator);
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
                    return new StreamStart.Failure(CommandCodeHttp.malformed("the stream ended before any content", "empty_stream"));
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
                return new StreamItem.End(translator.usage(), translator.finished(), false);
            }
            String line;
            try {
                line = lines.readLine();
            } catch (IOException e) {
                return broken(e);
            }
            if (line == null) {
                ready.add(watch.expired() ? timeout() : new StreamItem.Broken(UpstreamError.transport(
                        UpstreamError.Kind.CONNECTION_LOST, "the stream ended without a finish event")));
                continue;
            }
            ObjectNode event = Events.parse(line);
            if (event == null) {
                continue; // blank, keep-alive or unparsable: skipped, as the CLI does
            }
            ready.addAll(translator.onEvent(event));
            if (translator.finished()) {
                ready.add(new StreamItem.End(translator.usage(), true, false)); // finish is the last event
            }
        }
    }

    private StreamItem broken(IOException e) {
        ended = true;
        if (closed && !watch.expired()) {
            return new StreamItem.Broken(UpstreamError.transport(UpstreamError.Kind.CANCELLED, "cancelled"));
        }
        if (watch.expired()) {
            return timeout();
        }
        return new StreamItem.Broken(CommandCodeHttp.transportError(e));
    }

    private StreamItem.Broken timeout() {
        boolean beforeContent = firstByteMillis < 0;
        return new StreamItem.Broken(UpstreamError.transport(
                beforeContent ? UpstreamError.Kind.FIRST_BYTE_TIMEOUT : UpstreamError.Kind.IDLE_TIMEOUT,
                beforeContent ? "no content arrived in time" : "the stream stalled for " + idle.toMillis() + " ms"));
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
            CommandCodeHttp.closeQuietly(in);
        }
    }
}
