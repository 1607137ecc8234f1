package dev.tollfree.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class FakeUpstreamStreamTest {
    private final FakeUpstream upstream = FakeUpstream.start();
    private final HttpClient client = TestHttp.client();

    @AfterEach
    void tearDown() {
        upstream.close();
        client.close();
    }

    private HttpResponse<InputStream> open() throws IOException, InterruptedException {
        return client.send(TestHttp.post(upstream.url("/v1/chat/completions"), "{\"stream\":true}"),
                HttpResponse.BodyHandlers.ofInputStream());
    }

    @Test
    void sse_sendsEachPayloadAsADataEvent_thenDone() throws Exception {
        upstream.enqueue(Script.sse(List.of("{\"n\":1}", "{\"n\":2}")));

        HttpResponse<InputStream> response = open();
        try (TestHttp.Events events = new TestHttp.Events(response.body())) {
            assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream");
            assertThat(response.headers().firstValue("transfer-encoding")).hasValue("chunked");
            assertThat(events.rest()).containsExactly("data: {\"n\":1}", "data: {\"n\":2}", "data: [DONE]");
        }
    }

    @Test
    void sse_firstEventIsReadableBeforeTheSecondIsWritten() throws Exception {
        CountDownLatch firstEventRead = new CountDownLatch(1);
        upstream.enqueue(Script.sse(List.of("one", "two")).pauseAfter(1, firstEventRead));

        HttpResponse<InputStream> response = open();
        try (TestHttp.Events events = new TestHttp.Events(response.body())) {
            // if the fake buffered the stream, this read would never return: "two" waits for the latch
            assertThat(events.next()).isEqualTo("data: one");
            firstEventRead.countDown();
            assertThat(events.rest()).containsExactly("data: two", "data: [DONE]");
        }
    }

    @Test
    void gap_spacesTheEvents() throws Exception {
        upstream.enqueue(Script.sse(List.of("a", "b", "c")).gap(Duration.ofMillis(100)));

        long start = System.nanoTime();
        HttpResponse<InputStream> response = open();
        try (TestHttp.Events events = new TestHttp.Events(response.body())) {
            assertThat(events.next()).isEqualTo("data: a");
            long first = System.nanoTime();
            assertThat(events.rest()).hasSize(3);
            // three gaps follow the first event (b, c, [DONE]); only lower bounds, which sleeping guarantees
            assertThat(Duration.ofNanos(System.nanoTime() - first)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            assertThat(Duration.ofNanos(first - start)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void noDone_endsTheBodyCleanlyWithoutDone() throws Exception {
        upstream.enqueue(Script.sse(List.of("x")).noDone());

        try (TestHttp.Events events = new TestHttp.Events(open().body())) {
            assertThat(events.rest()).containsExactly("data: x");
        }
    }

    @Test
    void noSpaceAfterData_writesDataColonDirectly() throws Exception {
        upstream.enqueue(Script.sse(List.of("{}")).noSpaceAfterData());

        try (TestHttp.Events events = new TestHttp.Events(open().body())) {
            assertThat(events.rest()).containsExactly("data:{}", "data:[DONE]");
        }
    }

    @Test
    void rawEvents_areWrittenVerbatim() throws Exception {
        List<String> raw = List.of(": keep-alive\n\n", "data:{\"a\":1}\r\n\r\n", "data: {not json\n\n", "event: x\ndata: y\n\n");
        upstream.enqueue(Script.sse(List.of()).rawEvents(raw));

        HttpResponse<String> response = TestHttp.send(client, TestHttp.post(upstream.baseUrl(), "{}"));

        assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream");
        assertThat(response.body()).isEqualTo(String.join("", raw));
    }

    @Test
    void rawEvents_ontoAnErrorStatus_keepTheStatus() throws Exception {
        upstream.enqueue(Script.error(503, "x", "server_error", null).rawEvents(List.of("data: {}\n\n")));

        HttpResponse<String> response = TestHttp.send(client, TestHttp.post(upstream.baseUrl(), "{}"));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).isEqualTo("data: {}\n\n");
    }

    @Test
    void ndjson_sendsOneLinePerObject() throws Exception {
        upstream.enqueue(Script.ndjson(List.of("{\"a\":1}", "{\"done\":true}")));

        HttpResponse<String> response = TestHttp.send(client, TestHttp.post(upstream.baseUrl(), "{}"));

        assertThat(response.headers().firstValue("content-type")).hasValue("application/x-ndjson");
        assertThat(response.body()).isEqualTo("{\"a\":1}\n{\"done\":true}\n");
    }

    @Test
    void chatStream_followsTheOpenAiChunkOrder() throws Exception {
        upstream.enqueue(Script.chatStream("m", List.of("Hel", "lo")));

        List<String> events;
        try (TestHttp.Events stream = new TestHttp.Events(open().body())) {
            events = stream.rest();
        }

        assertThat(events).hasSize(6).last().isEqualTo("data: [DONE]");
        List<JsonNode> chunks = events.subList(0, 5).stream()
                .map(e -> FakeUpstreamJsonTest.tree(e.substring("data: ".length()))).toList();
        assertThat(chunks).extracting(c -> c.get("id").asString()).containsOnly(chunks.getFirst().get("id").asString());
        assertThat(chunks).extracting(c -> c.get("object").asString()).containsOnly("chat.completion.chunk");
        assertThat(chunks.get(0).at("/choices/0/delta/role").asString()).isEqualTo("assistant");
        assertThat(chunks.get(1).at("/choices/0/delta/content").asString()).isEqualTo("Hel");
        assertThat(chunks.get(2).at("/choices/0/delta/content").asString()).isEqualTo("lo");
        assertThat(chunks.get(3).at("/choices/0/finish_reason").asString()).isEqualTo("stop");
        assertThat(chunks.get(3).get("usage").isNull()).isTrue();
        assertThat(chunks.get(4).get("choices").isEmpty()).isTrue();
        assertThat(chunks.get(4).at("/usage/prompt_tokens").asInt()).isEqualTo(10);
        assertThat(chunks.get(4).at("/usage/completion_tokens").asInt()).isEqualTo(2);
        assertThat(chunks.get(4).at("/usage/total_tokens").asInt()).isEqualTo(12);
    }

    @Test
    void cutAfter_givesTheClientTheFirstEventsThenAnIOException() throws Exception {
        // the JDK client drops bytes it holds once it sees the RST, so the test lets it read first
        CountDownLatch twoRead = new CountDownLatch(1);
        upstream.enqueue(Script.sse(List.of("1", "2", "3")).pauseAfter(2, twoRead).cutAfter(2));

        HttpResponse<InputStream> response = open();
        try (TestHttp.Events events = new TestHttp.Events(response.body())) {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(events.next()).isEqualTo("data: 1");
            assertThat(events.next()).isEqualTo("data: 2");
            twoRead.countDown();
            assertThatThrownBy(events::next).isInstanceOf(IOException.class);
        }
    }

    @Test
    void cutAfter_allEvents_stillNeverEndsTheChunkedBody() throws Exception {
        upstream.enqueue(Script.sse(List.of("1")).cutAfter(5));

        assertThatThrownBy(() -> TestHttp.send(client, TestHttp.post(upstream.baseUrl(), "{}")))
                .isInstanceOf(IOException.class);
    }

    @Test
    void stallAfter_sendsTheFirstEventsThenHoldsTheConnectionUntilTheClientLeaves() throws Exception {
        upstream.enqueue(Script.sse(List.of("1", "2")).stallAfter(1));

        HttpResponse<InputStream> response = open();
        TestHttp.Events events = new TestHttp.Events(response.body());
        assertThat(events.next()).isEqualTo("data: 1");
        assertThat(upstream.openConnections()).isEqualTo(1);

        events.close(); // closing the body stream early makes the JDK client drop the connection
        upstream.awaitOpenConnections(0, Duration.ofSeconds(5));
    }

    @Test
    void stallAfterZero_sendsHeadersOnly() throws Exception {
        upstream.enqueue(Script.json(200, "{}").stallAfter(0));

        HttpResponse<InputStream> response = open();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-length")).hasValue("2");
        upstream.close();
        assertThatThrownBy(() -> response.body().readAllBytes()).isInstanceOf(IOException.class);
    }

    @Test
    void scriptedStream_onAReusedConnection_works() throws Exception {
        upstream.enqueue(Script.chatStream("m", List.of("a"))).enqueue(Script.chatStream("m", List.of("b")));

        for (String expected : List.of("a", "b")) {
            try (TestHttp.Events events = new TestHttp.Events(open().body())) {
                assertThat(events.rest()).anyMatch(e -> e.contains("\"content\":\"" + expected + "\""));
            }
        }

        assertThat(upstream.connectionCount()).isEqualTo(1);
    }
}
