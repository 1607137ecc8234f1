package dev.tollfree.core.adapter;

import dev.tollfree.api.Json;
import dev.tollfree.api.LineReader;
import dev.tollfree.api.SseEvent;
import dev.tollfree.api.SseParser;
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

/** An OpenAI-style SSE stream from upstream, read event by event under first-byte and idle deadlines. */
final class OpenAiStream implements UpstreamStream {
    private static final int MAX_LINE = 4 * 1024 * 1024;

    private final InputStream in;
    private final LineReader lines;
    private final ArrayDeque<SseEvent> pending = new ArrayDeque<>();
    private final SseParser parser = new SseParser(pending::add);
    private final Watchdog.Watch watch;
    private final Duration idle;
    private final RateLimitSnapshot limits;
    private final List<StreamItem.Chunk> head = new ArrayList<>();
    private long firstByteMillis = -1;
    private Usage usage = Usage.NONE;
    private boolean finished;
    private boolean ended;
    private volatile boolean closed;

    private OpenAiStream(InputStream in, Watchdog watchdog, Duration firstByte, Duration idle, RateLimitSnapshot limits) {
        this.in = in;
        this.lines = new LineReader(in, MAX_LINE);
        this.idle = idle;
        this.limits = limits;
        this.watch = watchdog.watch(firstByte, () -> HttpTransport.closeQuietly(in));
    }

    /** Reads until the first real payload (commit) or a failure before it. */
    static StreamStart open(InputStream in, Watchdog watchdog, Duration firstByte, Duration idle,
                            RateLimitSnapshot limits, long startNanos, LongSupplier nanos) {
        OpenAiStream s = new OpenAiStream(in, watchdog, firstByte, idle, limits);
        while (true) {
            StreamItem item = s.read();
            switch (item) {
                case StreamItem.Chunk c -> {
                    s.head.add(c);
                    if (isRealPayload(c.json())) {
                        s.firstByteMillis = (nanos.getAsLong() - startNanos) / 1_000_000;
                        s.watch.extend(idle);
                        return new StreamStart.Started(s);
                    }
                }
                case StreamItem.End end -> {
                    s.close();
                    return new StreamStart.Failure(UpstreamError.inBand(UpstreamError.Kind.MALFORMED, 200,
                            new ProviderError("the stream ended before any content", "empty_stream", "", Optional.empty())));
                }
                case StreamItem.Broken broken -> {
                    s.close();
                    return new StreamStart.Failure(broken.error());
                }
            }
        }
    }

    private static boolean isRealPayload(ObjectNode chunk) {
        JsonNode choice = chunk.path("choices").path(0);
        return Normalizer.hasPayload(choice.path("delta"));
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
        if (ended) {
            return new StreamItem.End(usage, finished, true);
        }
        while (true) {
            SseEvent event = pending.poll();
            if (event != null) {
                StreamItem item = toItem(event);
                if (item != null) {
                    return item;
                }
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
                if (!pending.isEmpty()) {
                    continue;
                }
                ended = true;
                if (watch.expired()) {
                    return timeout();
                }
                if (finished) {
                    return new StreamItem.End(usage, true, false); // complete answer, [DONE] missing
                }
                return new StreamItem.Broken(UpstreamError.transport(UpstreamError.Kind.CONNECTION_LOST,
                        "the stream ended without [DONE] and without a finish_reason"));
            }
            parser.line(line);
        }
    }

    private StreamItem toItem(SseEvent event) {
        if (event.isDone()) {
            ended = true;
            return new StreamItem.End(usage, finished, true);
        }
        String data = event.data().strip();
        if (data.isEmpty()) {
            return null;
        }
        Optional<JsonNode> parsed = Json.tryParse(data);
        if (parsed.isEmpty() || !(parsed.get() instanceof ObjectNode chunk)) {
            ended = true;
            return new StreamItem.Broken(UpstreamError.inBand(UpstreamError.Kind.MALFORMED, 200,
                    new ProviderError("malformed stream chunk: " + abbreviate(data), "malformed_chunk", "", Optional.empty())));
        }
        ProviderError inBand = Normalizer.inBandError(chunk);
        if (inBand != null || "error".equals(event.event())) {
            ended = true;
            ProviderError err = inBand != null ? inBand : ErrorDecoder.decode(200, data);
            return new StreamItem.Broken(UpstreamError.inBand(UpstreamError.Kind.IN_BAND_ERROR, 200, err));
        }
        usage = Normalizer.usage(chunk, usage);
        JsonNode choices = chunk.path("choices");
        for (JsonNode choice : choices) {
            Normalizer.reasoningField(choice.path("delta"));
            if (choice.path("finish_reason").isString()) {
                finished = true;
            }
        }
        return new StreamItem.Chunk(chunk);
    }

    private StreamItem broken(IOException e) {
        ended = true;
        if (closed && !watch.expired()) {
            return new StreamItem.Broken(UpstreamError.transport(UpstreamError.Kind.CANCELLED, "cancelled"));
        }
        if (watch.expired()) {
            return timeout();
        }
        return new StreamItem.Broken(HttpTransport.transportError(e));
    }

    private StreamItem timeout() {
        UpstreamError.Kind kind = firstByteMillis < 0 ? UpstreamError.Kind.FIRST_BYTE_TIMEOUT : UpstreamError.Kind.IDLE_TIMEOUT;
        String what = firstByteMillis < 0 ? "no content arrived in time" : "the stream stalled for " + idle.toMillis() + " ms";
        return new StreamItem.Broken(UpstreamError.transport(kind, what));
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
            HttpTransport.closeQuietly(in);
        }
    }
}
