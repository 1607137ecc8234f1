package dev.tollfree.core.adapter.anthropic;

import static dev.tollfree.core.adapter.anthropic.AnthropicHarness.call;
import static dev.tollfree.core.adapter.anthropic.AnthropicHarness.chat;
import static dev.tollfree.core.adapter.anthropic.AnthropicHarness.events;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/** stream: true through the real adapter: deltas, commit point, clean and broken endings, deadlines. */
@ExtendWith(FakeUpstreamExtension.class)
@Timeout(20)
class AnthropicStreamTest {
    private static final Duration SHORT = Duration.ofMillis(300);
    private static AnthropicHarness h;

    @BeforeAll
    static void start() {
        h = new AnthropicHarness();
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
        return h.adapter.openStream(call(upstream, chat("hi", true)));
    }

    private static UpstreamStream started(StreamStart start) {
        assertThat(start).isInstanceOf(StreamStart.Started.class);
        return ((StreamStart.Started) start).stream();
    }

    private static UpstreamError failed(StreamStart start) {
        assertThat(start).isInstanceOf(StreamStart.Failure.class);
        return ((StreamStart.Failure) start).error();
    }

    private record Drained(List<JsonNode> chunks, StreamItem last) {
        List<JsonNode> deltas() {
            return chunks.stream().filter(c -> !c.path("choices").isEmpty()).map(c -> c.path("choices").path(0).path("delta")).toList();
        }

        String joined(String field) {
            StringBuilder sb = new StringBuilder();
            deltas().forEach(d -> sb.append(d.path(field).asString("")));
            return sb.toString();
        }

        List<String> finishReasons() {
            return chunks.stream().map(c -> c.path("choices").path(0).path("finish_reason"))
                    .filter(JsonNode::isString).map(JsonNode::asString).toList();
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
    void text_streamsDeltas_endsOnMessageStop_withTheFinalUsage(FakeUpstream upstream) {
        UpstreamStream stream = started(open(upstream, sse("text.sse")));

        RecordedRequest sent = upstream.takeRequest();
        assertThat(sent.path()).isEqualTo("/v1/messages");
        assertThat(sent.header("accept")).contains("text/event-stream");
        assertThat(sent.json().path("stream").asBoolean()).isTrue();
        assertThat(stream.head()).hasSize(1);
        assertThat(stream.firstByteMillis()).isGreaterThanOrEqualTo(0);

        Drained d = drain(stream);
        assertThat(d.joined("content")).isEqualTo("Hello, world");
        assertThat(d.deltas().getFirst().path("role").asString()).isEqualTo("assistant");
        assertThat(d.deltas().stream().filter(x -> x.has("role")).count()).isEqualTo(1);
        assertThat(d.chunks()).allSatisfy(c -> {
            assertThat(c.path("object").asString()).isEqualTo("chat.completion.chunk");
            assertThat(c.path("id").asString()).isEqualTo("chatcmpl-msg_01StreamText");
            assertThat(c.path("model").asString()).isEqualTo("claude-sonnet-4-5-20250929");
        });
        assertThat(d.finishReasons()).containsExactly("stop");
        JsonNode usage = d.chunks().getLast();
        assertThat(usage.path("choices").isEmpty()).isTrue();
        assertThat(usage.path("usage").path("prompt_tokens").asLong()).isEqualTo(29);
        assertThat(usage.path("usage").path("completion_tokens").asLong()).isEqualTo(7);
        assertThat(d.last()).isEqualTo(new StreamItem.End(new Usage(29, 7, false), true, true));
    }

    @Test
    void thinkingDeltas_streamAsReasoningContent_signaturesAreNotShown(FakeUpstream upstream) {
        UpstreamStream stream = started(open(upstream, sse("thinking.sse")));
        assertThat(stream.head().getLast().json().path("choices").path(0).path("delta").path("reasoning_content").asString())
                .isEqualTo("1001 = 7 * 143");

        Drained d = drain(stream);
        assertThat(d.joined("reasoning_content")).isEqualTo("1001 = 7 * 143 = 7 * 11 * 13.");
        assertThat(d.joined("content")).isEqualTo("No.");
        assertThat(d.deltas()).noneMatch(x -> x.toString().contains("EqQB"));
        assertThat(((StreamItem.End) d.last()).usage()).isEqualTo(new Usage(30, 60, false));
    }

    @Test
    void toolArguments_inFragments_becomeIndexedToolCallDeltas(FakeUpstream upstream) {
        Drained d = drain(started(open(upstream, sse("tool-use.sse"))));

        List<JsonNode> calls = new ArrayList<>();
        d.deltas().forEach(delta -> delta.path("tool_calls").forEach(calls::add));
        assertThat(calls.get(0).path("index").asInt()).isZero();
        assertThat(calls.get(0).path("id").asString()).isEqualTo("toolu_01Paris");
        assertThat(calls.get(0).path("type").asString()).isEqualTo("function");
        assertThat(calls.get(0).path("function").path("name").asString()).isEqualTo("get_weather");
        assertThat(calls.get(0).path("function").path("arguments").asString()).isEmpty();
        StringBuilder paris = new StringBuilder();
        StringBuilder rome = new StringBuilder();
        for (JsonNode call : calls) {
            (call.path("index").asInt() == 0 ? paris : rome).append(call.path("function").path("arguments").asString(""));
        }
        assertThat(paris.toString()).isEqualTo("{\"city\": \"Paris\"}");
        assertThat(rome.toString()).isEqualTo("{\"city\": \"Rome\"}");
        assertThat(calls.stream().filter(c -> c.has("id")).map(c -> c.path("index").asInt()).toList()).containsExactly(0, 1);
        assertThat(d.joined("content")).isEqualTo("Checking.");
        assertThat(d.finishReasons()).containsExactly("tool_calls");
        assertThat(((StreamItem.End) d.last()).usage()).isEqualTo(new Usage(400, 55, false));
    }

    @Test
    void errorEventMidStream_breaksIt_asAnInBandError(FakeUpstream upstream) {
        Drained d = drain(started(open(upstream, sse("error-mid.sse"))));
        assertThat(d.joined("content")).isEqualTo("Partial");
        assertThat(d.last()).isInstanceOf(StreamItem.Broken.class);
        UpstreamError e = ((StreamItem.Broken) d.last()).error();
        assertThat(e.kind()).isEqualTo(UpstreamError.Kind.IN_BAND_ERROR);
        assertThat(e.error().type()).isEqualTo("overloaded_error");
        assertThat(e.error().message()).isEqualTo("Overloaded");
    }

    @Test
    void errorEventBeforeAnyContent_failsTheOpen(FakeUpstream upstream) {
        UpstreamError e = failed(open(upstream, sse("error-first.sse")));
        assertThat(e.kind()).isEqualTo(UpstreamError.Kind.IN_BAND_ERROR);
        assertThat(e.error().type()).isEqualTo("rate_limit_error");
    }

    @Test
    void bodyEndingWithoutMessageStop_isACutStream(FakeUpstream upstream) {
        Drained d = drain(started(open(upstream, sse("cut.sse"))));
        assertThat(d.joined("content")).isEqualTo("Half an");
        assertThat(d.last()).isInstanceOf(StreamItem.Broken.class);
        assertThat(((StreamItem.Broken) d.last()).error().kind()).isEqualTo(UpstreamError.Kind.CONNECTION_LOST);
    }

    @Test
    void malformedEvent_breaksTheStream(FakeUpstream upstream) {
        List<String> raw = new ArrayList<>(events("streams/text.sse").subList(0, 4));
        raw.add("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\n\n");
        Drained d = drain(started(open(upstream, Script.json(200, "").rawEvents(raw))));
        assertThat(d.last()).isInstanceOf(StreamItem.Broken.class);
        assertThat(((StreamItem.Broken) d.last()).error().kind()).isEqualTo(UpstreamError.Kind.MALFORMED);
    }

    @Test
    void stallAfterTheFirstPayload_isAnIdleTimeout(FakeUpstream upstream) {
        upstream.enqueue(sse("text.sse").stallAfter(4));
        UpstreamStream stream = started(h.adapter.openStream(call(upstream, chat("hi", true), Duration.ofSeconds(5), SHORT)));
        Drained d = drain(stream);
        assertThat(d.last()).isInstanceOf(StreamItem.Broken.class);
        assertThat(((StreamItem.Broken) d.last()).error().kind()).isEqualTo(UpstreamError.Kind.IDLE_TIMEOUT);
    }

    @Test
    void stallBeforeAnyPayload_isAFirstByteTimeout(FakeUpstream upstream) {
        upstream.enqueue(sse("text.sse").stallAfter(2));
        UpstreamError e = failed(h.adapter.openStream(call(upstream, chat("hi", true), SHORT, Duration.ofSeconds(5))));
        assertThat(e.kind()).isEqualTo(UpstreamError.Kind.FIRST_BYTE_TIMEOUT);
    }

    @Test
    void close_cancelsTheUpstreamCall_andTheNextReadSaysCancelled(FakeUpstream upstream) {
        upstream.enqueue(sse("text.sse").stallAfter(4));
        UpstreamStream stream = started(h.adapter.openStream(call(upstream, chat("hi", true))));
        stream.close();
        StreamItem next = stream.next();
        assertThat(next).isInstanceOf(StreamItem.Broken.class);
        assertThat(((StreamItem.Broken) next).error().kind()).isEqualTo(UpstreamError.Kind.CANCELLED);
        upstream.awaitOpenConnections(0, Duration.ofSeconds(5));
    }

    @Test
    void errorStatus_failsTheOpen_withTheDecodedError(FakeUpstream upstream) {
        upstream.enqueue(Script.json(529, AnthropicHarness.fixture("errors/overloaded.json")));
        UpstreamError e = failed(h.adapter.openStream(call(upstream, chat("hi", true))));
        assertThat(e.kind()).isEqualTo(UpstreamError.Kind.HTTP_STATUS);
        assertThat(e.status()).isEqualTo(529);
        assertThat(e.error().type()).isEqualTo("overloaded_error");
    }
}
