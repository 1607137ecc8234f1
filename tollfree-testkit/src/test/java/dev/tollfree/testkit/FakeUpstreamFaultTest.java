package dev.tollfree.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class FakeUpstreamFaultTest {
    private static final Duration PROMPTLY = Duration.ofSeconds(3);

    private final FakeUpstream upstream = FakeUpstream.start();
    private final HttpClient client = TestHttp.client();

    @AfterEach
    void tearDown() {
        upstream.close();
        client.close();
    }

    @Test
    void reset_givesAnIOExceptionBeforeHeaders_andTheRequestIsRecorded() {
        upstream.enqueue(Script.reset());

        assertThatThrownBy(() -> TestHttp.send(client, TestHttp.post(upstream.url("/v1/chat/completions"), "{\"a\":1}")))
                .isInstanceOf(IOException.class);
        assertThat(upstream.takeRequest(Duration.ofSeconds(5)).bodyText()).isEqualTo("{\"a\":1}");
    }

    @Test
    void reset_onARawSocket_isAConnectionReset() throws Exception {
        upstream.enqueue(Script.reset());
        try (RawClient raw = new RawClient(upstream.port())) {
            raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThatThrownBy(raw::readByte).isInstanceOf(java.net.SocketException.class).hasMessageContaining("reset");
        }
    }

    @Test
    void reset_afterAKeptAliveResponse_failsOnlyTheSecondRequest() throws Exception {
        upstream.enqueue(Script.json(200, "{}")).enqueue(Script.reset());

        assertThat(TestHttp.send(client, TestHttp.post(upstream.baseUrl(), "{}")).statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> TestHttp.send(client, TestHttp.post(upstream.baseUrl(), "{}"))).isInstanceOf(IOException.class);
    }

    @Test
    void noResponse_blocksUntilTheClientTimesOut() {
        upstream.enqueue(Script.noResponse());
        HttpRequest request = HttpRequest.newBuilder(java.net.URI.create(upstream.baseUrl()))
                .timeout(Duration.ofMillis(200))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build();

        assertThatThrownBy(() -> TestHttp.send(client, request)).isInstanceOf(HttpTimeoutException.class);
        assertThat(upstream.requestCount()).isEqualTo(1);
        upstream.awaitOpenConnections(0, Duration.ofSeconds(5)); // the client gave up and left
    }

    @Test
    void close_duringNoResponse_returnsPromptly_andTheClientFails() throws Exception {
        upstream.enqueue(Script.noResponse());
        CompletableFuture<HttpResponse<String>> pending =
                client.sendAsync(TestHttp.post(upstream.baseUrl(), "{}"), HttpResponse.BodyHandlers.ofString());
        upstream.takeRequest(Duration.ofSeconds(5));

        assertTimeoutPreemptively(PROMPTLY, upstream::close);

        assertThatThrownBy(() -> pending.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IOException.class);
    }

    @Test
    void close_duringStall_returnsPromptly_andTheClientSeesATruncatedStream() throws Exception {
        upstream.enqueue(Script.sse(List.of("1", "2")).stallAfter(1));
        HttpResponse<InputStream> response = client.send(TestHttp.post(upstream.baseUrl(), "{}"),
                HttpResponse.BodyHandlers.ofInputStream());
        TestHttp.Events events = new TestHttp.Events(response.body());
        assertThat(events.next()).isEqualTo("data: 1");

        assertTimeoutPreemptively(PROMPTLY, upstream::close);

        assertThatThrownBy(events::next).isInstanceOf(IOException.class);
        assertThat(upstream.openConnections()).isZero();
    }

    @Test
    void close_duringAPause_aLongDelayAndAnIdleConnection_returnsPromptly() throws Exception {
        upstream.enqueue(Script.sse(List.of("1", "2")).pauseAfter(1, new CountDownLatch(1)));
        upstream.enqueue(Script.json(200, "{}").delay(Duration.ofMinutes(5)));
        client.sendAsync(TestHttp.post(upstream.baseUrl(), "{}"), HttpResponse.BodyHandlers.ofString());
        try (HttpClient other = TestHttp.client(); Socket idle = new Socket("127.0.0.1", upstream.port())) {
            other.sendAsync(TestHttp.post(upstream.baseUrl(), "{}"), HttpResponse.BodyHandlers.ofString());
            upstream.takeRequest(Duration.ofSeconds(5));
            upstream.takeRequest(Duration.ofSeconds(5));
            upstream.awaitOpenConnections(3, Duration.ofSeconds(5));

            assertTimeoutPreemptively(PROMPTLY, upstream::close);

            assertThat(upstream.openConnections()).isZero();
            assertThat(idle.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void close_isIdempotent_andStopsListening() {
        upstream.close();
        upstream.close();

        assertThatThrownBy(() -> new Socket("127.0.0.1", upstream.port()).close()).isInstanceOf(ConnectException.class);
    }

    @Test
    void script_rejectsContradictorySettings_withAPlainMessage() {
        assertThatThrownBy(() -> Script.sse(List.of()).cutAfter(1).stallAfter(1))
                .hasMessage("stallAfter cannot be combined with cutAfter: a stream either aborts or hangs");
        assertThatThrownBy(() -> Script.json(42, "{}")).hasMessage("status must be between 100 and 599, was 42");
        assertThatThrownBy(() -> Script.json(200, "{}").gap(Duration.ofMillis(-1))).hasMessageContaining("gap must not be negative");
        assertThatThrownBy(() -> Script.json(200, "{}").header("bad name", "x")).hasMessageContaining("header name");
        assertThatThrownBy(() -> Script.json(200, "{}").header("x", "a\r\nb")).hasMessageContaining("CR or LF");
    }

    @Test
    void script_isImmutable() {
        Script base = Script.sse(List.of("a"));
        Script cut = base.cutAfter(1);

        assertThat(base.cutAfter()).isEqualTo(Script.NONE);
        assertThat(cut.cutAfter()).isEqualTo(1);
    }
}
