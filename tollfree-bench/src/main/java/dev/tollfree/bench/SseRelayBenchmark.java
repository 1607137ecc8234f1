package dev.tollfree.bench;

import dev.tollfree.api.Json;
import dev.tollfree.api.LineReader;
import dev.tollfree.api.SseEvent;
import dev.tollfree.api.SseParser;
import dev.tollfree.api.SseWriter;
import dev.tollfree.core.adapter.ChunkScan;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;
import tools.jackson.databind.JsonNode;

/**
 * The stream relay's hot path for one whole streamed answer ({@code chunks} content chunks plus
 * finish, usage and {@code [DONE]}): reading lines and events from upstream bytes, and re-emitting
 * each event, as a tree parsed and written again or, as the relay does, passed on as sent when the
 * token scan finds nothing to change.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SseRelayBenchmark {
    @Param({"20"})
    public int chunks;

    /** Every choice past any think block, as in the middle of a stream. */
    private static final ChunkScan.ContentGate PLAIN = (index, startsPlain) -> true;

    private byte[] upstream;
    private List<SseEvent> events;

    @Setup
    public void setup() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] e : WireBodies.streamEvents(chunks)) {
            out.write(e);
        }
        upstream = out.toByteArray();
        events = new ArrayList<>();
        parse(events::add);
    }

    /** LineReader plus SseParser over the upstream bytes: framing only. */
    @Benchmark
    public void parse(Blackhole bh) throws IOException {
        parse(bh::consume);
    }

    /** Framing, then each event parsed as JSON and written back as {@code data: <json>\n\n} (the relay before the token scan). */
    @Benchmark
    public void parseAndReemit(Blackhole bh) throws IOException {
        parse(e -> {
            if (e.isDone()) {
                bh.consume(SseWriter.done());
                return;
            }
            JsonNode node = Json.tryParse(e.data()).orElseThrow();
            bh.consume(SseWriter.data(Json.bytes(node)));
        });
    }

    /**
     * Framing, then each event as the relay handles it now: the token scan, and the provider's
     * bytes framed as {@code data:} when it passes; a tree parse and write only for the events it
     * refuses (here the finish and usage events).
     */
    @Benchmark
    public void parseScanAndPassThrough(Blackhole bh) throws IOException {
        parse(e -> {
            if (e.isDone()) {
                bh.consume(SseWriter.done());
                return;
            }
            byte[] bytes = e.data().getBytes(StandardCharsets.UTF_8);
            long chars = ChunkScan.passThrough(bytes, PLAIN);
            if (chars != ChunkScan.NEEDS_TREE) {
                bh.consume(SseWriter.data(bytes));
            } else {
                JsonNode node = Json.tryParse(bytes).orElseThrow();
                bh.consume(SseWriter.data(Json.bytes(node)));
            }
        });
    }

    /** SseWriter.format of already parsed events (the general writer, with line splitting). */
    @Benchmark
    public void writeEvents(Blackhole bh) {
        for (SseEvent e : events) {
            bh.consume(SseWriter.format(e));
        }
    }

    private void parse(java.util.function.Consumer<SseEvent> sink) throws IOException {
        LineReader lines = new LineReader(new ByteArrayInputStream(upstream), 4 * 1024 * 1024);
        SseParser parser = new SseParser(sink);
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            parser.line(line);
        }
        parser.finish();
    }
}
