package dev.tollfree.core.adapter;

import dev.tollfree.api.Json;
import dev.tollfree.api.LineReader;
import dev.tollfree.api.SseEvent;
import dev.tollfree.api.SseParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
    private final ArrayDeque<StreamItem> queued = new ArrayDeque<>();
    private final StreamNormalizer normalizer = new StreamNormalizer();
    private long firstByteMillis = -1;
    private Usage usage = Usage.NONE;
    private boolean finished;
    private boolean ended;
    private volatile boolean closed;

    private OpenAiStream(InputStream in, Watchdog watchdog, long firstByteDeadline, Duration idle, RateLimitSnapshot limits) {
        this.in = in;
        this.lines = new LineReader(in, MAX_LINE);
        this.idle = idle;
        this.limits = limits;
        this.watch = watchdog.watchUntil(firstByteDeadline, () -> HttpTransport.closeQuietly(in));
    }

    /**
     * Reads until the first real payload (commit) or a failure before it; {@code firstByte} counts
     * from {@code startNanos}, when the request was sent. With {@code verdictLeak}
     * the commit waits while the content so far could still be a bare "safe"/"unsafe" verdict.
     */
    static StreamStart open(InputStream in, Watchdog watchdog, Duration firstByte, Duration idle,
                            RateLimitSnapshot limits, long startNanos, LongSupplier nanos, boolean verdictLeak) {
        OpenAiStream s = new OpenAiStream(in, watchdog, startNanos + firstByte.toNanos(), idle, limits);
        StringBuilder heldContent = new StringBuilder();
        while (true) {
            StreamItem item = s.read();
            switch (item) {
                case StreamItem.Chunk c -> {
                    s.head.add(c);
                    JsonNode delta = c.json().path("choices").path(0).path("delta");
                    if (Normalizer.hasPayload(delta)) {
                        if (verdictLeak && isContentOnly(delta)) {
                            heldContent.append(delta.path("content").stringValue());
                            if (Normalizer.couldBeVerdict(heldContent.toString())) {
                                continue; // might be the relay's leaked filter verdict: do not commit yet
                            }
                        }
                        return s.commit(startNanos, nanos);
                    }
                }
                case StreamItem.End end -> {
                    if (!heldContent.isEmpty() && !Normalizer.isVerdict(heldContent.toString())) {
                        s.queued.addFirst(end); // a short real answer: commit, then end
                        return s.commit(startNanos, nanos);
                    }
                    s.close();
                    ProviderError why = heldContent.isEmpty()
                            ? new ProviderError("the stream ended before any content", "empty_stream", "", Optional.empty())
                            : Normalizer.verdictError(heldContent.toString());
                    return new StreamStart.Failure(UpstreamError.inBand(
                            heldContent.isEmpty() ? UpstreamError.Kind.MALFORMED : UpstreamError.Kind.IN_BAND_ERROR, 200, why));
                }
                case StreamItem.Broken broken -> {
                    s.close();
                    return new StreamStart.Failure(broken.error());
                }
            }
        }
    }

    private StreamStart commit(long startNanos, LongSupplier nanos) {
        firstByteMillis = (nanos.getAsLong() - startNanos) / 1_000_000;
        watch.extend(idle);
        return new StreamStart.Started(this);
    }

    private static boolean isContentOnly(JsonNode delta) {
        return delta.path("content").isString()
                && !Normalizer.hasPayload(((ObjectNode) delta.deepCopy()).put("content", ""));
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
        StreamItem queuedItem = queued.poll();
        if (queuedItem != null) {
            return queuedItem;
        }
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
                    return terminal(new StreamItem.End(usage, true, false)); // complete answer, [DONE] missing
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
            return terminal(new StreamItem.End(usage, finished, true));
        }
        String data = event.data().strip();
        if (data.isEmpty()) {
            return null;
        }
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        if (!"error".equals(event.event()) && data.indexOf('\n') < 0 && data.indexOf('\r') < 0) {
            long chars = ChunkScan.passThrough(bytes, normalizer::plainContent);
            if (chars != ChunkScan.NEEDS_TREE) {
                return StreamItem.Chunk.passThrough(bytes, chars); // nothing to change or act on: relayed as sent
            }
        }
        Optional<JsonNode> parsed = Json.tryParse(bytes);
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
        normalizer.chunk(chunk);
        for (JsonNode choice : chunk.path("choices")) {
            if (choice.path("finish_reason").isString()) {
                finished = true;
            }
        }
        return new StreamItem.Chunk(chunk);
    }

    /** The stream's end, preceded by a chunk with any think-block text still held back. */
    private StreamItem terminal(StreamItem.End end) {
        Optional<ObjectNode> rest = normalizer.flush();
        if (rest.isEmpty()) {
            return end;
        }
        queued.add(end);
        return new StreamItem.Chunk(rest.get());
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
