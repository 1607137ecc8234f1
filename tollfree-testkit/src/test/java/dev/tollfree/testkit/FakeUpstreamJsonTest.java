package dev.tollfree.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class FakeUpstreamJsonTest {
    private final FakeUpstream upstream = FakeUpstream.start();
    private final HttpClient client = TestHttp.client();

    @AfterEach
    void tearDown() {
        upstream.close();
        client.close();
    }

    @Test
    void json_sendsStatusHeadersAndBody() throws Exception {
        upstream.enqueue(Script.json(429, "{\"a\":1}").header("retry-after", "2").header("x-ratelimit-reset-requests", "6m0s"));

        HttpResponse<String> response = TestHttp.send(client, TestHttp.post(upstream.url("/v1/chat/completions"), "{}"));

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(response.headers().firstValue("content-length")).hasValue("7");
        assertThat(response.headers().firstValue("retry-after")).hasValue("2");
        assertThat(response.headers().firstValue("x-ratelimit-reset-requests")).hasValue("6m0s");
        assertThat(response.body()).isEqualTo("{\"a\":1}");
    }

    @Test
    void header_replacesDefaultContentType() throws Exception {
        upstream.enqueue(Script.text(200, "text/plain", "hi").header("content-type", "text/html"));

        HttpResponse<String> response = TestHttp.send(client, TestHttp.post(upstream.baseUrl(), "{}"));

        assertThat(response.headers().allValues("content-type")).containsExactly("text/html");
    }

    @Test
    void request_isRecordedWithMethodPathQueryHeadersAndBody() throws Exception {
        upstream.enqueue(Script.chatCompletion("m", "hi"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(upstream.url("/v1/chat/completions?api-version=2&x=y")))
                .header("Authorization", "Bearer sk-test")
                .header("X-Multi", "a").header("X-Multi", "b")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m\",\"stream\":false}"))
                .build();

        TestHttp.send(client, request);
        RecordedRequest recorded = upstream.takeRequest(Duration.ofSeconds(5));

        assertThat(recorded.method()).isEqualTo("POST");
        assertThat(recorded.path()).isEqualTo("/v1/chat/completions");
        assertThat(recorded.query()).isEqualTo("api-version=2&x=y");
        assertThat(recorded.header("authorization")).hasValue("Bearer sk-test");
        assertThat(recorded.headers().get("x-multi")).containsExactly("a", "b");
        assertThat(recorded.json().get("model").asString()).isEqualTo("m");
        assertThat(recorded.bodyText()).isEqualTo("{\"model\":\"m\",\"stream\":false}");
        assertThat(upstream.requestCount()).isEqualTo(1);
    }

    @Test
    void queue_isFifo_thenDefault_thenNoScript500() throws Exception {
        upstream.enqueue(Script.json(200, "1")).enqueue(Script.json(201, "2"));

        assertThat(TestHttp.send(client, TestHttp.post(upstream.baseUrl(), "")).body()).isEqualTo("1");
        assertThat(TestHttp.send(client, TestHttp.post(upstream.baseUrl(), "")).body()).isEqualTo("2");
        HttpResponse<String> unscripted = TestHttp.send(client, TestHttp.post(upstream.baseUrl(), ""));
        assertThat(unscripted.statusCode()).isEqualTo(500);
        assertThat(unscripted.body()).isEqualTo("{\"error\":{\"message\":\"no script\"}}");

        upstream.setDefault(Script.json(204, ""));
        assertThat(TestHttp.send(client, TestHttp.post(upstream.baseUrl(), "")).statusCode()).isEqualTo(204);
        assertThat(upstream.queuedScripts()).isZero();
    }

    @Test
    void requests_isASnapshotInArrivalOrder() throws Exception {
        upstream.setDefault(Script.json(200, "{}"));
        TestHttp.send(client, TestHttp.post(upstream.url("/one"), ""));
        var snapshot = upstream.requests();
        TestHttp.send(client, TestHttp.post(upstream.url("/two"), ""));

        assertThat(snapshot).extracting(RecordedRequest::path).containsExactly("/one");
        assertThat(upstream.requests()).extracting(RecordedRequest::path).containsExactly("/one", "/two");
        assertThatThrownBy(() -> snapshot.add(snapshot.getFirst())).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void takeRequest_withoutRequest_failsWithAssertionError() {
        assertThatThrownBy(() -> upstream.takeRequest(Duration.ofMillis(50)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("no request within PT0.05S");
    }

    @Test
    void chunkedRequestBody_fromHttpClient_isDechunked() throws Exception {
        upstream.enqueue(Script.json(200, "{}"));
        byte[] payload = "{\"model\":\"m\",\"messages\":[]}".getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(upstream.baseUrl()))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(payload)))
                .build();

        TestHttp.send(client, request);
        RecordedRequest recorded = upstream.takeRequest(Duration.ofSeconds(5));

        assertThat(recorded.header("transfer-encoding")).hasValue("chunked");
        assertThat(recorded.body()).isEqualTo(payload);
    }

    @Test
    void chunkedRequestBody_withExtensionsAndTrailers_isDechunked() throws Exception {
        upstream.enqueue(Script.json(200, "{}"));
        try (RawClient raw = new RawClient(upstream.port())) {
            raw.send("POST /v1/x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "4;ext=1\r\n{\"a\"\r\n" + "A\r\n:\"0123456\"\r\n" + "1\r\n}\r\n" + "0\r\nX-Trailer: t\r\n\r\n");
            assertThat(raw.read().status()).isEqualTo(200);
        }
        assertThat(upstream.takeRequest(Duration.ofSeconds(5)).bodyText()).isEqualTo("{\"a\":\"0123456\"}");
    }

    @Test
    void keepAlive_twoRequestsShareOneRawConnection() throws Exception {
        upstream.enqueue(Script.json(200, "first")).enqueue(Script.chatStream("m", java.util.List.of("x")));
        try (RawClient raw = new RawClient(upstream.port())) {
            raw.send("POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\n{}");
            assertThat(raw.read().body()).isEqualTo("first");
            raw.send("GET /b HTTP/1.1\r\nHost: a\r\n\r\n");
            RawClient.Response stream = raw.read();
            assertThat(stream.headers()).containsEntry("content-type", "text/event-stream");
            assertThat(stream.body()).endsWith("data: [DONE]\n\n\r\n0\r\n\r\n");
        }
        assertThat(upstream.requests()).extracting(RecordedRequest::path).containsExactly("/a", "/b");
        assertThat(upstream.connectionCount()).isEqualTo(1);
    }

    @Test
    void keepAlive_httpClientReusesTheConnection() throws Exception {
        upstream.enqueue(Script.chatCompletion("m", "one")).enqueue(Script.chatStream("m", java.util.List.of("two")))
                .enqueue(Script.chatCompletion("m", "three"));

        for (int i = 0; i < 3; i++) {
            assertThat(TestHttp.send(client, TestHttp.post(upstream.baseUrl(), "{}")).statusCode()).isEqualTo(200);
        }

        assertThat(upstream.connectionCount()).isEqualTo(1);
    }

    @Test
    void defaultHttpClient_offeringH2cUpgrade_getsHttp11() throws Exception {
        upstream.enqueue(Script.json(200, "{}")).enqueue(Script.chatStream("m", java.util.List.of("x")));
        try (HttpClient h2 = HttpClient.newHttpClient()) {
            HttpResponse<String> get = h2.send(HttpRequest.newBuilder(URI.create(upstream.baseUrl())).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> post = h2.send(TestHttp.post(upstream.baseUrl(), "{}"), HttpResponse.BodyHandlers.ofString());

            assertThat(get.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
            assertThat(post.body()).endsWith("data: [DONE]\n\n");
        }
    }

    @Test
    void connectionClose_fromClient_isHonoured() throws Exception {
        upstream.enqueue(Script.json(200, "{}"));
        try (RawClient raw = new RawClient(upstream.port())) {
            raw.send("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
            assertThat(raw.read().headers()).containsEntry("connection", "close");
            assertThat(raw.readByte()).isEqualTo(-1);
        }
    }

    @Test
    void expectContinue_isAnswered() throws Exception {
        upstream.enqueue(Script.json(200, "{}"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(upstream.baseUrl()))
                .expectContinue(true)
                .POST(HttpRequest.BodyPublishers.ofString("{\"k\":1}"))
                .build();

        assertThat(TestHttp.send(client, request).statusCode()).isEqualTo(200);
        assertThat(upstream.takeRequest(Duration.ofSeconds(5)).bodyText()).isEqualTo("{\"k\":1}");
    }

    @Test
    void malformedRequest_gets400AndIsNotRecorded() throws Exception {
        try (RawClient raw = new RawClient(upstream.port())) {
            raw.send("NONSENSE\r\n\r\n");
            assertThat(raw.read().status()).isEqualTo(400);
        }
        assertThat(upstream.requestCount()).isZero();
    }

    @Test
    void handler_dispatchesByPath_aheadOfTheQueue() throws Exception {
        upstream.enqueue(Script.json(500, "queued"));
        upstream.handler(r -> switch (r.path()) {
            case "/v1/models" -> Script.models("a", "b");
            case "/v1/chat/completions" -> Script.chatCompletion(r.json().get("model").asString(), "hi");
            default -> Script.error(404, "no route " + r.path(), "invalid_request_error", "not_found");
        });

        JsonNode models = tree(TestHttp.send(client, HttpRequest.newBuilder(URI.create(upstream.url("/v1/models"))).build()).body());
        JsonNode chat = tree(TestHttp.send(client, TestHttp.post(upstream.url("/v1/chat/completions"), "{\"model\":\"llama\"}")).body());
        HttpResponse<String> missing = TestHttp.send(client, TestHttp.post(upstream.url("/nope"), "{}"));

        assertThat(models.get("data").get(1).get("id").asString()).isEqualTo("b");
        assertThat(chat.get("model").asString()).isEqualTo("llama");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(tree(missing.body()).at("/error/code").asString()).isEqualTo("not_found");
        assertThat(upstream.queuedScripts()).isEqualTo(1);
    }

    @Test
    void handler_thatThrows_answers500NamingTheException() throws Exception {
        upstream.handler(r -> {
            throw new IllegalStateException("boom");
        });

        HttpResponse<String> response = TestHttp.send(client, TestHttp.post(upstream.baseUrl(), "{}"));

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).contains("boom");
    }

    @Test
    void delay_holdsBackTheStatusLine() throws Exception {
        upstream.enqueue(Script.json(200, "{}").delay(Duration.ofMillis(150)));

        long start = System.nanoTime();
        TestHttp.send(client, TestHttp.post(upstream.baseUrl(), "{}"));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
    }

    @Test
    void wrongContentLength_header_truncatesTheBodyAndClosesTheConnection() throws Exception {
        upstream.enqueue(Script.json(200, "{\"a\":").header("Content-Length", "100"));
        assertThatThrownBy(() -> TestHttp.send(client, TestHttp.post(upstream.baseUrl(), "{}")))
                .isInstanceOf(java.io.IOException.class);
    }

    static JsonNode tree(String json) {
        return Json.MAPPER.readTree(json);
    }
}
