package dev.tollfree.core.adapter;

import static dev.tollfree.core.Fixtures.chatStream;
import static dev.tollfree.core.Fixtures.model;
import static dev.tollfree.core.Fixtures.provider;
import static dev.tollfree.core.adapter.AdapterHarness.bearer;
import static dev.tollfree.core.adapter.AdapterHarness.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollfree.core.catalog.ModelSpec;
import dev.tollfree.core.catalog.ProviderSpec;
import dev.tollfree.testkit.FakeUpstream;
import dev.tollfree.testkit.FakeUpstreamExtension;
import dev.tollfree.testkit.Script;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/** Streaming calls through the real adapter: commit point, clean and broken endings, deadlines. */
@ExtendWith(FakeUpstreamExtension.class)
@Timeout(20)
class OpenAiStreamTest {
    private static final ModelSpec MODEL = model("up-model");
    private static final Duration SHORT = Duration.ofMillis(300);
    /** Only there so that a broken deadline fails the test instead of hanging it. */
    private static final long GENEROUS_MILLIS = 10_000;
    private static AdapterHarness h;

    @BeforeAll
    static void start() {
        h = new AdapterHarness();
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    static String role() {
        return "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}";
    }

    static String content(String text) {
        return "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text + "\"},\"finish_reason\":null}]}";
    }

    static String finish(String reason) {
        return "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"" + reason + "\"}]}";
    }

    static String usage(int prompt, int completion) {
        return "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":{\"prompt_tokens\":" + prompt
                + ",\"completion_tokens\":" + completion + ",\"total_tokens\":" + (prompt + completion) + "}}";
    }

    private static ProviderSpec openai(FakeUpstream upstream) {
        return provider("acme", upstream.url("/v1"), MODEL);
    }

    private static StreamStart open(FakeUpstream upstream) {
        return h.adapter.openStream(call(openai(upstream), MODEL, bearer("sk-test"), chatStream("auto", "hi")));
    }

    private static StreamStart open(FakeUpstream upstream, Duration firstByte, Duration idle) {
        return h.adapter.openStream(call(openai(upstream), MODEL, bearer("sk-test"), chatStream("auto", "hi"), firstByte, idle));
    }

    private static UpstreamStream started(StreamStart start) {
        assertThat(start).isInstanceOf(StreamStart.Started.class);
        return ((StreamStart.Started) start).stream();
    }

    private static UpstreamError failed(StreamStart start) {
        assertThat(start).isInstanceOf(StreamStart.Failure.class);
        return ((StreamStart.Failure) start).error();
    }

    /** Reads after the head until End or Broken; returns every item, the terminal one last. */
    private static List<StreamItem> drain(UpstreamStream stream) {
        List<StreamItem> items = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            StreamItem item = stream.next();
            items.add(item);
            if (!(item instanceof StreamItem.Chunk)) {
                return items;
            }
        }
        throw new AssertionError("stream did not end: " + items);
    }

    private static String deltaContent(StreamItem item) {
        return ((StreamItem.Chunk) item).json().path("choices").path(0).path("delta").path("content").asString("");
    }

    private static UpstreamError broken(List<StreamItem> items) {
        assertThat(items.getLast()).isInstanceOf(StreamItem.Broken.class);
        return ((StreamItem.Broken) items.getLast()).error();
    }

    // --- commit point ---------------------------------------------------------------------------

    @Test
    void openStream_headHoldsChunksUpToFirstPayload_thenRestFollowsWithUsage(FakeUpstream upstream) {
        upstream.enqueue(Script.chatStream("up-model", List.of("Hel", "lo")));
        try (UpstreamStream stream = started(open(upstream))) {
            assertThat(stream.head()).hasSize(2);
            assertThat(deltaContent(stream.head().get(0))).isEmpty();
            assertThat(deltaContent(stream.head().get(1))).isEqualTo("Hel");
            assertThat(stream.firstByteMillis()).isGreaterThanOrEqualTo(0);

            List<StreamItem> rest = drain(stream);
            assertThat(rest).hasSize(4);
            assertThat(deltaContent(rest.get(0))).isEqualTo("lo");
            assertThat(rest.getLast()).isEqualTo(new StreamItem.End(new Usage(10, 2, false), true, true));
        }
    }

    @Test
    void openStream_requestAsksForStreamAndUsage(FakeUpstream upstream) {
        upstream.enqueue(Script.chatStream("up-model", List.of("x")));
        try (UpstreamStream stream = started(open(upstream))) {
            drain(stream);
        }
        var sent = upstream.takeRequest();
        assertThat(sent.header("Accept")).contains("text/event-stream");
        JsonNode body = sent.json();
        assertThat(body.path("model").stringValue()).isEqualTo("up-model");
        assertThat(body.path("stream").asBoolean()).isTrue();
        assertThat(body.path("stream_options").path("include_usage").asBoolean()).isTrue();
    }

    @Test
    void openStream_mistral_doesNotSendStreamOptions(FakeUpstream upstream) {
        upstream.enqueue(Script.chatStream("up-model", List.of("x")));
        ProviderSpec mistral = provider("mistral", upstream.url("/v1"), MODEL);
        var request = dev.tollfree.core.Fixtures.request("""
                {"model":"auto","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"hi"}]}""");
        try (UpstreamStream stream = started(h.adapter.openStream(call(mistral, MODEL, bearer("k"), request)))) {
            drain(stream);
        }
        JsonNode body = upstream.takeRequest().json();
        assertThat(body.path("stream").asBoolean()).isTrue();
        assertThat(body.has("stream_options")).isFalse();
    }

    @Test
    void openStream_roleAndEmptyChunksBeforePayload_allGoToHead(FakeUpstream upstream) {
        upstream.enqueue(Script.sse(List.of(role(), content(""), content("Hi"), finish("stop"))));
        try (UpstreamStream stream = started(open(upstream))) {
            assertThat(stream.head()).hasSize(3);
            assertThat(deltaContent(stream.head().getLast())).isEqualTo("Hi");
        }
    }

    @Test
    void openStream_roleOnlyThenDone_isFailureNotCommit(FakeUpstream upstream) {
        upstream.enqueue(Script.sse(List.of(role(), finish("stop"))));
        UpstreamError e = failed(open(upstream));
        assertThat(e.kind()).isEqualTo(UpstreamError.Kind.MALFORMED);
        assertThat(e.error().code()).isEqualTo("empty_stream");
    }

    @Test
    void openStream_roleOnlyThenSilence_isFirstByteTimeout(FakeUpstream upstream) {
        upstream.enqueue(Script.sse(List.of(role(), content("late"))).stallAfter(1));
        long t0 = System.nanoTime();
        UpstreamError e = failed(open(upstream, SHORT, Duration.ofSeconds(30)));
        assertThat(e.kind()).isEqualTo(UpstreamError.Kind.FIRST_BYTE_TIMEOUT);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(GENEROUS_MILLIS);
        upstream.awaitOpenConnections(0, Duration.ofSeconds(10));
    }

    @Test
    void openStream_reasoningDelta_commitsAndIsNormalised(FakeUpstream upstream) {
        upstream.enqueue(Script.sse(List.of(role(),
                "{\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":\"let me think\"},\"finish_reason\":null}]}",
                content("42"), finish("stop"))));
        try (UpstreamStream stream = started(open(upstream))) {
            assertThat(stream.head()).hasSize(2);
            JsonNode delta = stream.head().getLast().json().path("choices").path(0).path("delta");
            assertThat(delta.path("reasoning_content").stringValue()).isEqualTo("let me think");
            assertThat(delta.has("reasoning")).isFalse();
            assertThat(drain(stream).getLast()).isInstanceOf(StreamItem.End.class);
        }
    }

    @Test
    void openStream_toolCallDelta_commits(FakeUpstream upstream) {
        upstream.enqueue(Script.sse(List.of(role(),
                "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"\"}}]},\"finish_reason\":null}]}",
                finish("tool_calls"))));
        try (UpstreamStream stream = started(open(upstream))) {
            assertThat(stream.head()).hasSize(2);
            assertThat(drain(stream).getLast()).isEqualTo(new StreamItem.End(Usage.NONE, true, true));
        }
    }

    @Test
    void next_firstContentThatCannotBeginAThinkTag_isRelayedAsSent(FakeUpstream upstream) {
        upstream.enqueue(Script.sse(List.of(role(), content("Hello"), content(" <b>world</b>"), finish("stop"))));
        try (UpstreamStream stream = started(open(upstream))) {
            StreamItem.Chunk first = stream.head().getLast();
            assertThat(first.raw()).map(b -> new String(b, java.nio.charset.StandardCharsets.UTF_8)).contains(content("Hello"));
            StreamItem.Chunk second = (StreamItem.Chunk) drain(stream).getFirst();
            assertThat(second.raw()).as("the splitter is settled: a later '<' is content").isPresent();
        }
    }

    @Test
    void next_plainContentAfterTheFirst_isRelayedAsSent_whileUsageFinishAndThinkTagsGoThroughTheTree(FakeUpstream upstream) {
        String spaced = "{\"id\":\"c1\", \"choices\": [{\"index\":0,\"delta\":{\"content\":\"caf\\u00e9\"},\"finish_reason\":null}]}";
        upstream.enqueue(Script.sse(List.of(role(), content("<think>plan</think>Hel"), content("lo"), spaced,
                finish("stop"), usage(3, 4))));
        try (UpstreamStream stream = started(open(upstream))) {
            StreamItem.Chunk first = stream.head().getLast();
            assertThat(first.raw()).as("the think block is split off in the tree").isEmpty();
            assertThat(first.json().path("choices").path(0).path("delta").path("reasoning_content").stringValue()).isEqualTo("plan");

            List<StreamItem> rest = drain(stream);
            StreamItem.Chunk lo = (StreamItem.Chunk) rest.get(0);
            assertThat(lo.raw()).map(b -> new String(b, java.nio.charset.StandardCharsets.UTF_8)).contains(content("lo"));
            assertThat(lo.textChars()).isEqualTo(2);
            StreamItem.Chunk cafe = (StreamItem.Chunk) rest.get(1);
            assertThat(cafe.raw()).map(b -> new String(b, java.nio.charset.StandardCharsets.UTF_8)).contains(spaced);
            assertThat(cafe.textChars()).isEqualTo(4);
            assertThat(deltaContent(cafe)).isEqualTo("café");
            assertThat(((StreamItem.Chunk) rest.get(2)).raw()).as("finish_reason").isEmpty();
            assertThat(((StreamItem.Chunk) rest.get(3)).raw()).as("usage").isEmpty();
            assertThat(rest.getLast()).isEqualTo(new StreamItem.End(new Usage(3, 4, false), true, true));
        }
    }

    // --- endings ------------------------------------------------------------------------------

    @Test
    void next_missingDoneAfterFinishReason_isEndNotBroken(FakeUpstream upstream) {
        upstream.enqueue(Script.chatStream("up-model", List.of("a", "b")).noDone());
        try (UpstreamStream stream = started(open(upstream))) {
            assertThat(drain(stream).getLast()).isEqualTo(new StreamItem.End(new Usage(10, 2, false), true, false));
        }
    }

    @Test
    void next_missingDoneWithoutFinishReason_isBrokenConnectionLost(FakeUpstream upstream) {
        upstream.enqueue(Script.sse(List.of(role(), content("a"), content("b"))).noDone());
        try (UpstreamStream stream = started(open(upstream))) {
            List<StreamItem> rest = drain(stream);
            assertThat(deltaContent(rest.getFirst())).isEqualTo("b");
            assertThat(broken(rest).kind()).isEqualTo(UpstreamError.Kind.CONNECTION_LOST);
        }
    }

    @Test
    void next_doneWithoutFinishReason_isEndMarkedUnfinished(FakeUpstream upstream) {
        upstream.enqueue(Script.sse(List.of(role(), content("a"))));
        try (UpstreamStream stream = started(open(upstream))) {
            assertThat(drain(stream).getLast()).isEqualTo(new StreamItem.End(Usage.NONE, false, true));
        }
    }

    @Test
    void next_cutMidStream_isBrokenConnectionLost(FakeUpstream upstream) {
        CountDownLatch resume = new CountDownLatch(1);
        upstream.enqueue(Script.chatStream("up-model", List.of("a", "b", "c")).pauseAfter(2, resume).cutAfter(2));
        try (UpstreamStream stream = started(open(upstream))) {
            assertThat(stream.head()).hasSize(2);
            resume.countDown();
            List<StreamItem> rest = drain(stream);
            assertThat(rest).hasSize(1);
            assertThat(broken(rest).kind()).isEqualTo(UpstreamError.Kind.CONNECTION_LOST);
        }
    }

    @Test
    void next_stall_isBrokenIdleTimeoutWithinShortIdle(FakeUpstream upstream) {
        upstream.enqueue(Script.chatStream("up-model", List.of("a", "b", "c")).stallAfter(2));
        try (UpstreamStream stream = started(open(upstream, Duration.ofSeconds(5), SHORT))) {
            long t0 = System.nanoTime();
            List<StreamItem> rest = drain(stream);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(GENEROUS_MILLIS);
            assertThat(rest).hasSize(1);
            assertThat(broken(rest).kind()).isEqualTo(UpstreamError.Kind.IDLE_TIMEOUT);
        }
        upstream.awaitOpenConnections(0, Duration.ofSeconds(10));
    }

    @Test
    void next_malformedChunk_isBrokenMalformed(FakeUpstream upstream) {
        upstream.enqueue(Script.sse(List.of(role(), content("a"), "{\"choices\":[{\"delta\":{\"content\":\"b\"")));
        try (UpstreamStream stream = started(open(upstream))) {
            UpstreamError e = broken(drain(stream));
            assertThat(e.kind()).isEqualTo(UpstreamError.Kind.MALFORMED);
            assertThat(e.error().code()).isEqualTo("malformed_chunk");
        }
    }

    @Test
    void openStream_malformedChunkBeforePayload_isFailure(FakeUpstream upstream) {
        upstream.enqueue(Script.sse(List.of(role(), "<html>oops</html>")));
        assertThat(failed(open(upstream)).kind()).isEqualTo(UpstreamError.Kind.MALFORMED);
    }

    @Test
    void next_inBandErrorChunk_isBrokenInBandError(FakeUpstream upstream) {
        upstream.enqueue(Script.sse(List.of(role(), content("a"),
                "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"error\":{\"message\":\"Provider returned error\",\"code\":502},"
                        + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\"},\"finish_reason\":\"error\"}]}")));
        try (UpstreamStream stream = started(open(upstream))) {
            UpstreamError e = broken(drain(stream));
            assertThat(e.kind()).isEqualTo(UpstreamError.Kind.IN_BAND_ERROR);
            assertThat(e.error().message()).isEqualTo("Provider returned error");
        }
    }

    @Test
    void next_finishReasonError_isBrokenInBandError(FakeUpstream upstream) {
        upstream.enqueue(Script.sse(List.of(role(), content("a"), finish("error"))));
        try (UpstreamStream stream = started(open(upstream))) {
            assertThat(broken(drain(stream)).kind()).isEqualTo(UpstreamError.Kind.IN_BAND_ERROR);
        }
    }

    @Test
    void next_errorEventType_isBrokenInBandError(FakeUpstream upstream) {
        upstream.enqueue(Script.sse(List.of(role(), content("a"))).rawEvents(List.of(
                "data: " + role() + "\n\n",
                "data: " + content("a") + "\n\n",
                "event: error\ndata: {\"message\":\"The server had an error while processing your request\"}\n\n")));
        try (UpstreamStream stream = started(open(upstream))) {
            UpstreamError e = broken(drain(stream));
            assertThat(e.kind()).isEqualTo(UpstreamError.Kind.IN_BAND_ERROR);
            assertThat(e.error().message()).contains("The server had an error");
        }
    }

    @Test
    void openStream_errorChunkBeforePayload_isInBandFailure(FakeUpstream upstream) {
        upstream.enqueue(Script.sse(List.of(role(), "{\"error\":{\"message\":\"model overloaded\",\"type\":\"server_error\"}}")));
        UpstreamError e = failed(open(upstream));
        assertThat(e.kind()).isEqualTo(UpstreamError.Kind.IN_BAND_ERROR);
        assertThat(e.error().message()).isEqualTo("model overloaded");
    }

    // --- dialects -----------------------------------------------------------------------------

    @Test
    void stream_dataWithoutSpace_isRead(FakeUpstream upstream) {
        upstream.enqueue(Script.chatStream("up-model", List.of("a", "b")).noSpaceAfterData());
        try (UpstreamStream stream = started(open(upstream))) {
            assertThat(drain(stream).getLast()).isEqualTo(new StreamItem.End(new Usage(10, 2, false), true, true));
        }
    }

    @Test
    void stream_commentsAndKeepAlivesAndCrlf_areTolerated(FakeUpstream upstream) {
        upstream.enqueue(Script.sse(List.of()).rawEvents(List.of(
                ": OPENROUTER PROCESSING\n\n",
                ": OPENROUTER PROCESSING\n\n",
                "data: " + role() + "\r\n\r\n",
                ": keep-alive\n\n",
                "data:" + content("a") + "\n\n",
                "\n\n",
                "data: " + content("b") + "\r\rdata: " + finish("stop") + "\n\n",
                "data: " + usage(3, 2) + "\n\n",
                "data: [DONE]\n\n")));
        try (UpstreamStream stream = started(open(upstream))) {
            assertThat(stream.head()).hasSize(2);
            List<StreamItem> rest = drain(stream);
            assertThat(deltaContent(rest.getFirst())).isEqualTo("b");
            assertThat(rest.getLast()).isEqualTo(new StreamItem.End(new Usage(3, 2, false), true, true));
        }
    }

    @Test
    void stream_lastEventWithoutBlankLineBeforeEof_isStillRead(FakeUpstream upstream) {
        upstream.enqueue(Script.sse(List.of()).rawEvents(List.of(
                "data: " + role() + "\n\n", "data: " + content("a") + "\n\n", "data: " + finish("stop"))));
        try (UpstreamStream stream = started(open(upstream))) {
            assertThat(drain(stream).getLast()).isEqualTo(new StreamItem.End(Usage.NONE, true, false));
        }
    }

    // --- transport failures ------------------------------------------------------------------

    @Test
    void openStream_noResponse_isFirstByteTimeout(FakeUpstream upstream) {
        upstream.enqueue(Script.noResponse());
        UpstreamError e = failed(open(upstream, SHORT, Duration.ofSeconds(30)));
        assertThat(e.kind()).isEqualTo(UpstreamError.Kind.FIRST_BYTE_TIMEOUT);
        upstream.awaitOpenConnections(0, Duration.ofSeconds(10));
    }

    @Test
    void openStream_headersThenSilence_isFirstByteTimeout(FakeUpstream upstream) {
        upstream.enqueue(Script.chatStream("up-model", List.of("a")).stallAfter(0));
        assertThat(failed(open(upstream, SHORT, Duration.ofSeconds(30))).kind()).isEqualTo(UpstreamError.Kind.FIRST_BYTE_TIMEOUT);
    }

    @Test
    void openStream_connectionRefused_isConnect() throws Exception {
        int port;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = socket.getLocalPort();
        }
        ProviderSpec gone = provider("acme", "http://127.0.0.1:" + port + "/v1", MODEL);
        UpstreamError e = failed(h.adapter.openStream(call(gone, MODEL, bearer("k"), chatStream("auto", "hi"))));
        assertThat(e.kind()).isEqualTo(UpstreamError.Kind.CONNECT);
    }

    @Test
    void openStream_reset_isConnectionLost(FakeUpstream upstream) {
        upstream.enqueue(Script.reset());
        assertThat(failed(open(upstream)).kind()).isEqualTo(UpstreamError.Kind.CONNECTION_LOST);
    }

    @Test
    void openStream_errorStatus_isHttpStatusFailure(FakeUpstream upstream) {
        upstream.enqueue(Script.error(429, "slow down", "rate_limit", "rate_limit_exceeded").header("Retry-After", "12"));
        UpstreamError e = failed(open(upstream));
        assertThat(e.kind()).isEqualTo(UpstreamError.Kind.HTTP_STATUS);
        assertThat(e.status()).isEqualTo(429);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(12));
    }

    @Test
    void close_whileUpstreamStalled_returnsPromptlyCancelsReaderAndDropsConnection(FakeUpstream upstream) throws Exception {
        upstream.enqueue(Script.chatStream("up-model", List.of("a", "b")).stallAfter(2));
        UpstreamStream stream = started(open(upstream, Duration.ofSeconds(5), Duration.ofSeconds(60)));
        CompletableFuture<StreamItem> reader = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> reader.complete(stream.next()));

        long t0 = System.nanoTime();
        stream.close();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(GENEROUS_MILLIS);
        StreamItem item = reader.get(GENEROUS_MILLIS, TimeUnit.MILLISECONDS);
        assertThat(item).isInstanceOf(StreamItem.Broken.class);
        assertThat(((StreamItem.Broken) item).error().kind()).isEqualTo(UpstreamError.Kind.CANCELLED);
        upstream.awaitOpenConnections(0, Duration.ofSeconds(10));
        stream.close(); // idempotent
    }
}
