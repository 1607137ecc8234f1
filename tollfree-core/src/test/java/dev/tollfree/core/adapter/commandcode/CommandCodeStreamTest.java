package dev.tollfree.core.adapter.commandcode;

import static dev.tollfree.core.adapter.commandcode.CommandCodeHarness.call;
import static dev.tollfree.core.adapter.commandcode.CommandCodeHarness.chat;
import static dev.tollfree.core.adapter.commandcode.CommandCodeHarness.drain;
import static dev.tollfree.core.adapter.commandcode.CommandCodeHarness.ndjson;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollfree.core.adapter.StreamItem;
import dev.tollfree.core.adapter.StreamStart;
import dev.tollfree.core.adapter.UpstreamError;
import dev.tollfree.core.adapter.UpstreamStream;
import dev.tollfree.core.adapter.Usage;
import dev.tollfree.core.adapter.commandcode.CommandCodeHarness.Drained;
import dev.tollfree.testkit.FakeUpstream;
import dev.tollfree.testkit.FakeUpstreamExtension;
import dev.tollfree.testkit.RecordedRequest;
import dev.tollfree.testkit.Script;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** The NDJSON event stream through the real adapter: deltas, commit point, clean and broken endings, deadlines. */
@ExtendWith(FakeUpstreamExtension.class)
@Timeout(20)
class CommandCodeStreamTest {
    private static final Duration SHORT = Duration.ofMillis(300);
    private static CommandCodeHarness h;

    @BeforeAll
    static void start() {
        h = new CommandCodeHarness();
    }

    @AfterAll
    static void stop() {
        h.close();
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

    private static UpstreamError broken(StreamItem item) {
        assertThat(item).isInstanceOf(StreamItem.Broken.class);
        return ((StreamItem.Broken) item).error();
    }

    private static Script lines(String... lines) {
        return Script.ndjson(List.of(lines));
    }

    @Test
    void text_streamsDeltas_endsAtTheFinishEvent_andReportsUsage(FakeUpstream upstream) {
        UpstreamStream stream = started(open(upstream, ndjson("text.ndjson")));

        assertThat(stream.head()).hasSize(1);
        assertThat(stream.firstByteMillis()).isGreaterThanOrEqualTo(0);
        Drained d = drain(stream);
        assertThat(d.joined("content")).isEqualTo("Hello");
        assertThat(d.deltas().getFirst().path("role").asString()).isEqualTo("assistant");
        assertThat(d.deltas().stream().filter(x -> x.has("role")).count()).isEqualTo(1);
        assertThat(d.chunks()).allSatisfy(c -> {
            assertThat(c.path("object").asString()).isEqualTo("chat.completion.chunk");
            assertThat(c.path("id").asString()).isEqualTo(d.chunks().getFirst().path("id").asString()).startsWith("chatcmpl-");
            assertThat(c.path("model").asString()).isEqualTo("deepseek/deepseek-v4-flash");
        });
        assertThat(d.finishReason()).isEqualTo("stop");
        JsonNode usage = d.chunks().getLast();
        assertThat(usage.path("choices").isEmpty()).isTrue();
        assertThat(usage.path("usage").path("prompt_tokens").asLong()).isEqualTo(12);
        assertThat(usage.path("usage").path("total_tokens").asLong()).isEqualTo(14);
        assertThat(d.last()).isEqualTo(new StreamItem.End(new Usage(12, 2, false), true, false));
    }

    @Test
    void request_isPostedToTheFullEndpoint_withVersionHeaderAuthorizationAndTheCliEnvelope(FakeUpstream upstream) {
        drain(started(open(upstream, ndjson("text.ndjson"))));

        RecordedRequest sent = upstream.takeRequest();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.target()).isEqualTo("/alpha/generate");
        assertThat(sent.header("x-command-code-version")).contains(CommandCodeHttp.CLIENT_VERSION);
        assertThat(CommandCodeHttp.CLIENT_VERSION).isEqualTo("0.18.10");
        assertThat(sent.header("Authorization")).contains("Bearer cc-test-key");
        assertThat(sent.header("x-cli-environment")).contains("production");
        assertThat(sent.header("Accept")).contains("text/event-stream");
        assertThat(sent.header("Content-Type")).contains("application/json");
        JsonNode body = sent.json();
        assertThat(body.path("config").path("date").asString()).isEqualTo("2026-06-17");
        assertThat(body.path("threadId").asString()).matches("[0-9a-f-]{36}");
        assertThat(body.path("params").path("messages").path(0).path("content").path(0).path("text").asString()).isEqualTo("hi");
        assertThat(body.path("params").path("stream").asBoolean()).isTrue();
    }

    @Test
    void reasoningEvents_streamAsReasoningContent_beforeTheText(FakeUpstream upstream) {
        UpstreamStream stream = started(open(upstream, ndjson("reasoning.ndjson")));
        assertThat(stream.head().getFirst().json().path("choices").path(0).path("delta").path("reasoning_content").asString())
                .isEqualTo("The user ");

        Drained d = drain(stream);
        assertThat(d.joined("reasoning_content")).isEqualTo("The user greets me.");
        assertThat(d.joined("content")).isEqualTo("Hi!");
        assertThat(d.chunks().getLast().path("usage").path("completion_tokens_details").path("reasoning_tokens").asLong()).isEqualTo(5);
        assertThat(((StreamItem.End) d.last()).usage()).isEqualTo(new Usage(9, 7, false));
    }

    // ⚠ The reasoning event's type and the key holding its text vary between server versions: all seen so far are read.
    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource(delimiter = '|', textBlock = """
            reasoning-delta  | reasoning         | "deep"
            reasoning-deltas | reasoningContent  | "deep"
            reasoning        | reasoning_content | "deep"
            thinking-delta   | text              | "deep"
            reasoning-delta  | thinking          | "deep"
            reasoning-delta  | thinking          | {"text":"deep"}
            reasoning-delta  | thinking          | {"thinking":"deep"}
            reasoning-delta  | redacted_thinking | "deep"
            reasoning-delta  | delta             | "deep"
            """)
    void reasoningKeyVariants_allBecomeReasoningContent(String type, String key, String value, FakeUpstream upstream) {
        Drained d = drain(started(open(upstream, lines("{\"type\":\"" + type + "\",\"" + key + "\":" + value + "}",
                "{\"type\":\"finish\",\"finishReason\":\"stop\"}"))));
        assertThat(d.joined("reasoning_content")).isEqualTo("deep");
        assertThat(d.last()).isEqualTo(new StreamItem.End(Usage.NONE, true, false));
    }

    @Test
    void completeToolCalls_becomeWholeToolCalls_andTheFragmentsAreNotRepeated(FakeUpstream upstream) {
        Drained d = drain(started(open(upstream, ndjson("tool-call.ndjson"))));

        assertThat(d.joined("content")).isEqualTo("Checking.");
        List<JsonNode> calls = d.toolCalls();
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).path("index").asInt()).isZero();
        assertThat(calls.get(1).path("index").asInt()).isEqualTo(1);
        assertThat(calls.get(0).path("id").asString()).startsWith("call_").isNotEqualTo(calls.get(1).path("id").asString());
        assertThat(calls.get(0).path("type").asString()).isEqualTo("function");
        assertThat(calls.get(0).path("function").path("name").asString()).isEqualTo("get_weather");
        assertThat(calls.get(0).path("function").path("arguments").asString()).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(calls.get(1).path("function").path("arguments").asString()).isEqualTo("{}");
        assertThat(d.finishReason()).isEqualTo("tool_calls");
        assertThat(((StreamItem.End) d.last()).usage()).isEqualTo(new Usage(40, 22, false));
    }

    // ⚠ Legacy tool-use / tool-delta events, and finishReason tool_calls with an underscore.
    @Test
    void legacyToolEvents_areReadToo_andAFragmentWithoutACompleteEventIsSentAtTheFinish(FakeUpstream upstream) {
        Drained d = drain(started(open(upstream, ndjson("tool-legacy.ndjson"))));

        assertThat(d.toolCalls()).extracting(c -> c.path("function").path("name").asString()).containsExactly("get_weather", "now");
        assertThat(d.toolCalls().get(0).path("function").path("arguments").asString()).isEqualTo("{\"city\":\"Oslo\"}");
        assertThat(d.toolCalls().get(1).path("function").path("arguments").asString()).isEqualTo("{}");
        assertThat(d.finishReason()).isEqualTo("tool_calls");
        assertThat(((StreamItem.End) d.last()).usage()).isEqualTo(new Usage(30, 10, false));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            "stop"           | stop
            "length"         | length
            "max_tokens"     | length
            "content-filter" | content_filter
            "tool-calls"     | stop
            "other"          | stop
            null             | stop
            """)
    void finishReasons_areMapped(String raw, String expected, FakeUpstream upstream) {
        Drained d = drain(started(open(upstream, lines("{\"type\":\"text-delta\",\"text\":\"x\"}",
                "{\"type\":\"finish\",\"finishReason\":" + raw + "}"))));
        assertThat(d.finishReason()).isEqualTo(expected);
    }

    @Test
    void blankLinesDataPrefixJunkAndUnknownEvents_areSkipped(FakeUpstream upstream) {
        Drained d = drain(started(open(upstream, ndjson("noise.ndjson"))));
        assertThat(d.joined("content")).isEqualTo("AB");
        assertThat(d.finishReason()).isEqualTo("length");
        assertThat(d.last()).isEqualTo(new StreamItem.End(new Usage(5, 2, false), true, false));
    }

    @Test
    void errorEventBeforeAnyContent_failsTheOpen_soTheDispatcherCanFailOver(FakeUpstream upstream) {
        UpstreamError e = failed(open(upstream, ndjson("error-before-content.ndjson")));
        assertThat(e.kind()).isEqualTo(UpstreamError.Kind.IN_BAND_ERROR);
        assertThat(e.status()).isEqualTo(200);
        assertThat(e.error().message()).isEqualTo("Model deepseek/deepseek-v4-pro is temporarily unavailable");
        assertThat(e.error().code()).isEqualTo("503");
    }

    @Test
    void errorEventAfterContent_breaksTheStream(FakeUpstream upstream) {
        Drained d = drain(started(open(upstream, ndjson("error-after-content.ndjson"))));
        assertThat(d.joined("content")).isEqualTo("Partial");
        UpstreamError e = broken(d.last());
        assertThat(e.kind()).isEqualTo(UpstreamError.Kind.IN_BAND_ERROR);
        assertThat(e.error().message()).isEqualTo("Upstream provider error");
    }

    @Test
    void finishReasonError_breaksTheStream(FakeUpstream upstream) {
        Drained d = drain(started(open(upstream, lines("{\"type\":\"text-delta\",\"text\":\"x\"}",
                "{\"type\":\"finish\",\"finishReason\":\"error\"}"))));
        assertThat(broken(d.last()).kind()).isEqualTo(UpstreamError.Kind.IN_BAND_ERROR);
    }

    @Test
    void bodyEndingWithoutAFinishEvent_isACutStream(FakeUpstream upstream) {
        Drained d = drain(started(open(upstream, ndjson("cut.ndjson"))));
        assertThat(d.joined("content")).isEqualTo("The answer is probably");
        assertThat(broken(d.last()).kind()).isEqualTo(UpstreamError.Kind.CONNECTION_LOST);
    }

    @Test
    void finishBeforeAnyContent_failsTheOpenAsMalformed(FakeUpstream upstream) {
        UpstreamError e = failed(open(upstream, lines("{\"type\":\"finish\",\"finishReason\":\"stop\"}")));
        assertThat(e.kind()).isEqualTo(UpstreamError.Kind.MALFORMED);
        assertThat(e.error().code()).isEqualTo("empty_completion");
    }

    @Test
    void bodyEndingBeforeAnyContent_failsTheOpenAsCut(FakeUpstream upstream) {
        UpstreamError e = failed(open(upstream, lines("{\"type\":\"start\"}")));
        assertThat(e.kind()).isEqualTo(UpstreamError.Kind.CONNECTION_LOST);
    }

    @Test
    void stallAfterTheFirstPayload_isIdleTimeout(FakeUpstream upstream) {
        upstream.enqueue(ndjson("text.ndjson").stallAfter(2));
        UpstreamStream stream = started(h.adapter.openStream(call(upstream, chat("hi", true), Duration.ofSeconds(5), SHORT)));

        long t0 = System.nanoTime();
        StreamItem item = stream.next();
        long waited = (System.nanoTime() - t0) / 1_000_000;

        assertThat(broken(item).kind()).isEqualTo(UpstreamError.Kind.IDLE_TIMEOUT);
        assertThat(waited).isBetween(200L, 5_000L);
        stream.close();
    }

    @Test
    void eventsWithoutPayload_doNotCommit_andSilenceAfterThemIsFirstByteTimeout(FakeUpstream upstream) {
        upstream.enqueue(lines("{\"type\":\"start\"}", "{\"type\":\"tool-input-start\",\"id\":\"t\",\"toolName\":\"f\"}")
                .stallAfter(2));
        UpstreamError e = failed(h.adapter.openStream(call(upstream, chat("hi", true), SHORT, Duration.ofSeconds(5))));
        assertThat(e.kind()).isEqualTo(UpstreamError.Kind.FIRST_BYTE_TIMEOUT);
    }

    @Test
    void close_cancelsTheUpstreamCall(FakeUpstream upstream) {
        upstream.enqueue(ndjson("text.ndjson").stallAfter(2));
        UpstreamStream stream = started(h.adapter.openStream(call(upstream, chat("hi", true))));

        stream.close();

        upstream.awaitOpenConnections(0, Duration.ofSeconds(5));
        assertThat(stream.next()).isNotInstanceOf(StreamItem.Chunk.class);
    }
}
