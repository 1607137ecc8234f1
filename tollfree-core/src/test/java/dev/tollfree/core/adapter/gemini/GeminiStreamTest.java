package dev.tollfree.core.adapter.gemini;

import static dev.tollfree.core.adapter.gemini.GeminiHarness.call;
import static dev.tollfree.core.adapter.gemini.GeminiHarness.chat;
import static dev.tollfree.core.adapter.gemini.GeminiHarness.events;
import static dev.tollfree.core.adapter.gemini.GeminiHarness.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollfree.core.adapter.StreamItem;
import dev.tollfree.core.adapter.StreamStart;
import dev.tollfree.core.adapter.UpstreamError;
import dev.tollfree.core.adapter.UpstreamStream;
import dev.tollfree.core.adapter.Usage;
import dev.tollfree.testkit.FakeUpstream;
import dev.tollfree.testkit.FakeUpstreamExtension;
import dev.tollfree.testkit.RecordedRequest;
import dev.tollfree.testkit.Script;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/** streamGenerateContent?alt=sse through the real adapter: deltas, commit point, clean and broken endings, deadlines. */
@ExtendWith(FakeUpstreamExtension.class)
@Timeout(20)
class GeminiStreamTest {
    private static final Duration SHORT = Duration.ofMillis(300);
    private static GeminiHarness h;

    @BeforeAll
    static void start() {
        h = new GeminiHarness();
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    private static Script sse(String fixture) {
        return Script.json(200, "").rawEvents(events("streams/" + fixture));
    }

    private static StreamStart open(FakeUpstream upstream, Script script) {
        upstream.enqueue(script);
        return h.adapter.openStream(call(upstream, "gemini-2.5-flash", chat("hi", true)));
    }

    private static UpstreamStream started(StreamStart start) {
        assertThat(start).isInstanceOf(StreamStart.Started.class);
        return ((StreamStart.Started) start).stream();
    }

    private static UpstreamError failed(StreamStart start) {
        assertThat(start).isInstanceOf(StreamStart.Failure.class);
        return ((StreamStart.Failure) start).error();
    }

    /** Head plus every following chunk, and the final item. */
    private record Drained(List<JsonNode> chunks, StreamItem last) {
        List<JsonNode> deltas() {
            return chunks.stream().filter(c -> !c.path("choices").isEmpty()).map(c -> c.path("choices").path(0).path("delta")).toList();
        }

        String joined(String field) {
            StringBuilder sb = new StringBuilder();
            deltas().forEach(d -> sb.append(d.path(field).asString("")));
            return sb.toString();
        }
    }

    private static Drained drain(UpstreamStream stream) {
        List<JsonNode> chunks = new ArrayList<>();
        stream.head().forEach(c -> chunks.add(c.json()));
        while (true) {
            StreamItem item = stream.next();
            if (item instanceof StreamItem.Chunk c) {
                chunks.add(c.json());
            } else {
                stream.close();
                return new Drained(chunks, item);
            }
        }
    }

    @Test
    void text_streamsDeltas_endsCleanlyWithoutDone_andReportsTheLastUsage(FakeUpstream upstream) {
        UpstreamStream stream = started(open(upstream, sse("text.sse")));

        RecordedRequest sent = upstream.takeRequest();
        assertThat(sent.target()).isEqualTo("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
        assertThat(sent.header("Accept")).contains("text/event-stream");
        assertThat(sent.header("x-goog-api-key")).contains("AIza-test-key");
        assertThat(stream.head()).hasSize(1);
        assertThat(stream.firstByteMillis()).isGreaterThanOrEqualTo(0);

        Drained d = drain(stream);
        assertThat(d.joined("content")).isEqualTo("Hello, world");
        assertThat(d.deltas().getFirst().path("role").asString()).isEqualTo("assistant");
        assertThat(d.deltas().stream().filter(x -> x.has("role")).count()).isEqualTo(1);
        assertThat(d.chunks()).allSatisfy(c -> {
            assertThat(c.path("object").asString()).isEqualTo("chat.completion.chunk");
            assertThat(c.path("id").asString()).isEqualTo("chatcmpl-s-text-1");
            assertThat(c.path("model").asString()).isEqualTo("gemini-2.5-flash");
        });
        JsonNode finish = d.chunks().get(d.chunks().size() - 2);
        assertThat(finish.path("choices").path(0).path("finish_reason").asString()).isEqualTo("stop");
        JsonNode usage = d.chunks().getLast();
        assertThat(usage.path("choices").isEmpty()).isTrue();
        assertThat(usage.path("usage").path("completion_tokens").asLong()).isEqualTo(4);
        assertThat(d.last()).isEqualTo(new StreamItem.End(new Usage(5, 4, false), true, false));
    }

    @Test
    void thoughts_streamAsReasoningContent_beforeTheText(FakeUpstream upstream) {
        UpstreamStream stream = started(open(upstream, sse("thoughts.sse")));
        assertThat(stream.head().getFirst().json().path("choices").path(0).path("delta").path("reasoning_content").asString())
                .startsWith("**Adding numbers**");

        Drained d = drain(stream);
        assertThat(d.joined("reasoning_content")).isEqualTo("**Adding numbers**\n\nTwo plus two.");
        assertThat(d.joined("content")).isEqualTo("4");
        assertThat(((StreamItem.End) d.last()).usage()).isEqualTo(new Usage(8, 41, false));
        assertThat(d.chunks().getLast().path("usage").path("completion_tokens_details").path("reasoning_tokens").asLong()).isEqualTo(40);
    }

    @Test
    void functionCalls_arriveWholeAsIndexedToolCalls_andFinishWithToolCalls(FakeUpstream upstream) {
        Drained d = drain(started(open(upstream, sse("tool-call.sse"))));

        List<JsonNode> calls = new ArrayList<>();
        d.deltas().forEach(delta -> delta.path("tool_calls").forEach(calls::add));
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).path("index").asInt()).isZero();
        assertThat(calls.get(1).path("index").asInt()).isEqualTo(1);
        assertThat(calls.get(0).path("id").asString()).startsWith("call_");
        assertThat(calls.get(0).path("type").asString()).isEqualTo("function");
        assertThat(calls.get(0).path("function").path("name").asString()).isEqualTo("get_weather");
        assertThat(calls.get(0).path("function").path("arguments").asString()).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(calls.get(0).path("extra_content").path("google").path("thought_signature").asString()).isEqualTo("CiQBstream");
        assertThat(calls.get(1).path("function").path("arguments").asString()).isEqualTo("{}");
        assertThat(d.chunks().get(d.chunks().size() - 2).path("choices").path(0).path("finish_reason").asString()).isEqualTo("tool_calls");
        assertThat(d.last()).isInstanceOf(StreamItem.End.class);
    }

    @Test
    void bodyEndingWithoutAFinishReason_isACutStream(FakeUpstream upstream) {
        Drained d = drain(started(open(upstream, sse("cut.sse"))));
        assertThat(d.joined("content")).isEqualTo("The answer is probably");
        assertThat(d.last()).isInstanceOf(StreamItem.Broken.class);
        assertThat(((StreamItem.Broken) d.last()).error().kind()).isEqualTo(UpstreamError.Kind.CONNECTION_LOST);
    }

    @Test
    void connectionResetMidStream_isConnectionLost(FakeUpstream upstream) {
        CountDownLatch resume = new CountDownLatch(1);
        UpstreamStream stream = started(open(upstream, sse("cut.sse").pauseAfter(1, resume).cutAfter(1)));
        resume.countDown(); // the first event is in hand: now reset

        StreamItem item = stream.next();
        stream.close();
        assertThat(item).isInstanceOf(StreamItem.Broken.class);
        assertThat(((StreamItem.Broken) item).error().kind()).isEqualTo(UpstreamError.Kind.CONNECTION_LOST);
    }

    @Test
    void rawMultiLineErrorObjectMidStream_breaksTheStreamWithTheProvidersMessage(FakeUpstream upstream) {
        String[] raw = fixture("streams/error-raw.sse").split("\n\n", 2);
        List<String> pieces = new ArrayList<>(List.of(raw[0] + "\n\n"));
        raw[1].lines().forEach(line -> pieces.add(line + "\n")); // one line per write, no data: prefix
        Script script = Script.json(200, "").rawEvents(pieces);
        Drained d = drain(started(open(upstream, script)));

        assertThat(d.joined("content")).isEqualTo("Partial");
        UpstreamError e = ((StreamItem.Broken) d.last()).error();
        assertThat(e.kind()).isEqualTo(UpstreamError.Kind.IN_BAND_ERROR);
        assertThat(e.error().message()).isEqualTo("The model is overloaded. {Please} try again later.");
        assertThat(e.error().type()).isEqualTo("UNAVAILABLE");
    }

    @Test
    void errorEventBeforeAnyContent_failsTheOpen(FakeUpstream upstream) {
        UpstreamError e = failed(open(upstream, sse("error-data.sse")));
        assertThat(e.kind()).isEqualTo(UpstreamError.Kind.IN_BAND_ERROR);
        assertThat(e.error().message()).contains("exhausted");
    }

    @Test
    void blockedPrompt_failsTheOpenAsAContentFilterRefusal(FakeUpstream upstream) {
        UpstreamError e = failed(open(upstream, sse("blocked.sse")));
        assertThat(e.kind()).isEqualTo(UpstreamError.Kind.IN_BAND_ERROR);
        assertThat(e.error().code()).isEqualTo("content_filter");
        assertThat(e.error().message()).contains("SAFETY");
    }

    @Test
    void safetyStopBeforeAnyContent_failsTheOpen_butAfterContentIsAContentFilterFinish(FakeUpstream upstream) {
        UpstreamError e = failed(open(upstream, Script.json(200, "").rawEvents(List.of(
                "data: {\"candidates\":[{\"finishReason\":\"SAFETY\",\"index\":0}]}\n\n"))));
        assertThat(e.error().code()).isEqualTo("content_filter");

        Drained d = drain(started(open(upstream, sse("safety-after-text.sse"))));
        assertThat(d.joined("content")).isEqualTo("Here is how");
        assertThat(d.chunks().get(d.chunks().size() - 2).path("choices").path(0).path("finish_reason").asString()).isEqualTo("content_filter");
        assertThat(d.last()).isInstanceOf(StreamItem.End.class);
    }

    @Test
    void streamWithoutContent_failsTheOpen(FakeUpstream upstream) {
        UpstreamError e = failed(open(upstream, Script.json(200, "").rawEvents(List.of(
                "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"\"}]},\"finishReason\":\"STOP\"}]}\n\n"))));
        assertThat(e.kind()).isEqualTo(UpstreamError.Kind.MALFORMED);
    }

    @Test
    void malformedChunk_breaksTheStream(FakeUpstream upstream) {
        UpstreamError e = failed(open(upstream, Script.json(200, "").rawEvents(List.of("data: {not json\n\n"))));
        assertThat(e.kind()).isEqualTo(UpstreamError.Kind.MALFORMED);
        assertThat(e.error().code()).isEqualTo("malformed_chunk");
    }

    @Test
    void jsonArrayStream_withoutAltSse_isReadToo(FakeUpstream upstream) {
        List<String> lines = fixture("streams/json-array.txt").lines().map(l -> l + "\n").toList();
        Drained d = drain(started(open(upstream, Script.json(200, "").rawEvents(lines))));
        assertThat(d.joined("content")).isEqualTo("Hi there");
        assertThat(d.last()).isEqualTo(new StreamItem.End(new Usage(2, 2, false), true, false));
    }

    @Test
    void stallAfterTheFirstPayload_isIdleTimeout(FakeUpstream upstream) {
        upstream.enqueue(sse("text.sse").stallAfter(1));
        UpstreamStream stream = started(h.adapter.openStream(call(upstream, "gemini-2.5-flash", chat("hi", true), Duration.ofSeconds(5), SHORT)));

        long t0 = System.nanoTime();
        StreamItem item = stream.next();
        long waited = (System.nanoTime() - t0) / 1_000_000;

        assertThat(item).isInstanceOf(StreamItem.Broken.class);
        assertThat(((StreamItem.Broken) item).error().kind()).isEqualTo(UpstreamError.Kind.IDLE_TIMEOUT);
        assertThat(waited).isBetween(200L, 5_000L);
        stream.close();
    }

    @Test
    void silenceBeforeTheFirstPayload_isFirstByteTimeout(FakeUpstream upstream) {
        upstream.enqueue(sse("text.sse").stallAfter(0));
        UpstreamError e = failed(h.adapter.openStream(call(upstream, "gemini-2.5-flash", chat("hi", true), SHORT, Duration.ofSeconds(5))));
        assertThat(e.kind()).isEqualTo(UpstreamError.Kind.FIRST_BYTE_TIMEOUT);
    }

    @Test
    void close_cancelsTheUpstreamCall(FakeUpstream upstream) {
        upstream.enqueue(sse("text.sse").stallAfter(1));
        UpstreamStream stream = started(h.adapter.openStream(call(upstream, "gemini-2.5-flash", chat("hi", true))));

        stream.close();

        upstream.awaitOpenConnections(0, Duration.ofSeconds(5));
        assertThat(stream.next()).isNotInstanceOf(StreamItem.Chunk.class);
    }

    @Test
    void httpErrorBeforeTheStream_failsTheOpenWithTheDecodedError(FakeUpstream upstream) {
        UpstreamError e = failed(open(upstream, Script.json(503, fixture("errors/overloaded.json"))));
        assertThat(e.kind()).isEqualTo(UpstreamError.Kind.HTTP_STATUS);
        assertThat(e.status()).isEqualTo(503);
        assertThat(e.error().type()).isEqualTo("UNAVAILABLE");
    }
}
