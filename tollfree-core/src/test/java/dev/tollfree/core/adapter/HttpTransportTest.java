package dev.tollfree.core.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The transport over a scripted socket server, on both clear-text clients: the blocking HTTP/1.1
 * client (the default for {@code http://}) and the JDK client (what TLS providers use). Each
 * script answers one request per call on whatever connection it arrives.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HttpTransportTest {
    private final Watchdog watchdog = new Watchdog(System::nanoTime, Duration.ofMillis(10));
    /** Released at tear-down: a script waiting on it plays a stalled upstream. */
    private final CountDownLatch stalled = new CountDownLatch(1);
    private ScriptedServer server;
    private HttpTransport transport;

    @AfterEach
    void tearDown() throws IOException {
        stalled.countDown();
        if (transport != null) {
            transport.close();
        }
        if (server != null) {
            server.close();
        }
        watchdog.close();
    }

    private HttpTransport transport(boolean plain) {
        transport = new HttpTransport(Duration.ofSeconds(2), watchdog, plain);
        return transport;
    }

    private HttpCall post(String path, String body) {
        return HttpCall.post(server.base() + path, body.getBytes(StandardCharsets.UTF_8))
                .header("Authorization", "Bearer test-key")
                .header("Content-Type", "application/json");
    }

    private HttpResponse<InputStream> ok(HttpTransport.Exchange exchange) {
        assertThat(exchange).isInstanceOf(HttpTransport.Exchange.Response.class);
        return ((HttpTransport.Exchange.Response) exchange).response();
    }

    private static String text(InputStream in) throws IOException {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest(name = "plain client: {0}")
    @ValueSource(booleans = {true, false})
    void lengthDelimitedAnswer_headersAndBodyArrive(boolean plain) throws Exception {
        server = new ScriptedServer((req, out) -> respond(out, "HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\n"
                + "Retry-After: 7\r\nX-RateLimit-Remaining-Requests: 0\r\nContent-Length: 11\r\n\r\n{\"error\":1}"));
        HttpResponse<InputStream> r = ok(transport(plain).send(post("/v1/chat/completions?a=b", "{\"model\":\"m\"}"), Duration.ofSeconds(5)));
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("retry-after")).contains("7");
        assertThat(r.headers().firstValue("x-ratelimit-remaining-requests")).contains("0");
        assertThat(text(r.body())).isEqualTo("{\"error\":1}");
        String seen = server.requests.getFirst();
        assertThat(seen).startsWith("POST /v1/chat/completions?a=b HTTP/1.1\r\n");
        assertThat(seen.toLowerCase()).contains("authorization: bearer test-key\r\n").contains("content-length: 13\r\n")
                .contains("host: 127.0.0.1:" + server.port());
        assertThat(seen).endsWith("\r\n\r\n{\"model\":\"m\"}");
    }

    @ParameterizedTest(name = "plain client: {0}")
    @ValueSource(booleans = {true, false})
    void chunkedAnswer_isDecoded(boolean plain) throws Exception {
        server = new ScriptedServer((req, out) -> respond(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\n\r\n"));
        HttpResponse<InputStream> r = ok(transport(plain).send(post("/x", "{}"), Duration.ofSeconds(5)));
        assertThat(text(r.body())).isEqualTo("hello, world");
    }

    @ParameterizedTest(name = "plain client: {0}")
    @ValueSource(booleans = {true, false})
    void bodyCutBeforeItsDeclaredLength_failsTheRead(boolean plain) throws Exception {
        server = new ScriptedServer((req, out) -> {
            respond(out, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"partial\":");
            return false;
        });
        HttpResponse<InputStream> r = ok(transport(plain).send(post("/x", "{}"), Duration.ofSeconds(5)));
        assertThatThrownBy(() -> r.body().readAllBytes()).isInstanceOf(IOException.class);
    }

    @ParameterizedTest(name = "plain client: {0}")
    @ValueSource(booleans = {true, false})
    void chunkedBodyCutMidStream_failsTheRead(boolean plain) throws Exception {
        server = new ScriptedServer((req, out) -> {
            respond(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n20\r\ndata: {\"a\":1}\n\n");
            return false;
        });
        HttpResponse<InputStream> r = ok(transport(plain).send(post("/x", "{}"), Duration.ofSeconds(5)));
        assertThatThrownBy(() -> r.body().readAllBytes()).isInstanceOf(IOException.class);
    }

    @ParameterizedTest(name = "plain client: {0}")
    @ValueSource(booleans = {true, false})
    void noHeadersBeforeTheDeadline_isAFirstByteTimeout(boolean plain) throws Exception {
        server = new ScriptedServer((req, out) -> {
            stalled.await(10, TimeUnit.SECONDS);
            return false;
        });
        long start = System.nanoTime();
        HttpTransport.Exchange e = transport(plain).send(post("/x", "{}"), Duration.ofMillis(200));
        assertThat(e).isInstanceOfSatisfying(HttpTransport.Exchange.Failed.class,
                f -> assertThat(f.error().kind()).isEqualTo(UpstreamError.Kind.FIRST_BYTE_TIMEOUT));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }

    @ParameterizedTest(name = "plain client: {0}")
    @ValueSource(booleans = {true, false})
    void closingTheBodyFromAnotherThread_wakesABlockedRead(boolean plain) throws Exception {
        server = new ScriptedServer((req, out) -> {
            respond(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nfirst\n\r\n");
            stalled.await(10, TimeUnit.SECONDS);
            return false;
        });
        HttpResponse<InputStream> r = ok(transport(plain).send(post("/x", "{}"), Duration.ofSeconds(5)));
        InputStream body = r.body();
        byte[] first = new byte[6];
        assertThat(body.readNBytes(first, 0, 6)).isEqualTo(6);
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                body.read(new byte[16]);
                outcome.complete(null);
            } catch (IOException e) {
                outcome.complete(e);
            }
        });
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (reader.getState() != Thread.State.WAITING && System.nanoTime() < until) {
            Thread.onSpinWait(); // until the read is parked on the socket
        }
        body.close();
        assertThat(outcome.get(3, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
    }

    @ParameterizedTest(name = "plain client: {0}")
    @ValueSource(booleans = {true, false})
    void refusedConnection_isAConnectFailure(boolean plain) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        HttpCall req = HttpCall.post("http://127.0.0.1:" + port + "/v1/chat/completions", "{}".getBytes(StandardCharsets.UTF_8));
        HttpTransport.Exchange e = transport(plain).send(req, Duration.ofSeconds(5));
        assertThat(e).isInstanceOfSatisfying(HttpTransport.Exchange.Failed.class,
                f -> assertThat(f.error().kind()).isEqualTo(UpstreamError.Kind.CONNECT));
    }

    @Test
    void plainClient_reusesAKeptAliveConnection() throws Exception {
        server = new ScriptedServer((req, out) -> respond(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
        HttpTransport t = transport(true);
        for (int i = 0; i < 5; i++) {
            assertThat(text(ok(t.send(post("/x", "{}"), Duration.ofSeconds(5))).body())).isEqualTo("ok");
        }
        assertThat(server.connections.get()).isEqualTo(1);
        assertThat(server.requests).hasSize(5);
    }

    @Test
    void plainClient_aStreamReadToItsLastEventAndClosed_leavesAReusableConnection() throws Exception {
        server = new ScriptedServer((req, out) -> respond(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "e\r\ndata: [DONE]\n\n\r\n0\r\n\r\n"));
        HttpTransport t = transport(true);
        for (int i = 0; i < 3; i++) {
            InputStream body = ok(t.send(post("/x", "{}"), Duration.ofSeconds(5))).body();
            assertThat(new String(body.readNBytes(14), StandardCharsets.UTF_8)).isEqualTo("data: [DONE]\n\n");
            body.close();
        }
        assertThat(server.connections.get()).isEqualTo(1);
    }

    @Test
    void plainClient_aStreamWhoseTerminatorCameAfterItsLastEvent_isStillReusedWhenClosed() throws Exception {
        CountDownLatch eventRead = new CountDownLatch(1);
        CountDownLatch terminatorSent = new CountDownLatch(1);
        server = new ScriptedServer((req, out) -> {
            respond(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\ne\r\ndata: [DONE]\n\n\r\n");
            eventRead.await(5, TimeUnit.SECONDS);
            respond(out, "0\r\n\r\n"); // a separate write, after the reader has taken in the event
            terminatorSent.countDown();
            return true;
        });
        HttpTransport t = transport(true);
        InputStream body = ok(t.send(post("/x", "{}"), Duration.ofSeconds(5))).body();
        assertThat(new String(body.readNBytes(14), StandardCharsets.UTF_8)).isEqualTo("data: [DONE]\n\n");
        eventRead.countDown();
        assertThat(terminatorSent.await(5, TimeUnit.SECONDS)).isTrue();
        body.close();
        assertThat(body.read()).as("a body ended by its terminator reads as ended").isEqualTo(-1);
        server.script = (req, out) -> respond(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        assertThat(text(ok(t.send(post("/x", "{}"), Duration.ofSeconds(5))).body())).isEqualTo("ok");
        assertThat(server.connections.get()).isEqualTo(1);
    }

    @Test
    void plainClient_aStreamClosedBetweenChunksWithoutItsTerminator_isNotReused() throws Exception {
        server = new ScriptedServer((req, out) -> respond(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "6\r\ndata: \r\n"));
        HttpTransport t = transport(true);
        InputStream body = ok(t.send(post("/x", "{}"), Duration.ofSeconds(5))).body();
        assertThat(body.readNBytes(6)).hasSize(6);
        body.close();
        assertThatThrownBy(body::read).isInstanceOf(IOException.class);
        server.script = (req, out) -> respond(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        assertThat(text(ok(t.send(post("/x", "{}"), Duration.ofSeconds(5))).body())).isEqualTo("ok");
        assertThat(server.connections.get()).isEqualTo(2);
    }

    @Test
    void plainClient_longHeaderLinesAcrossBufferFills_areReadWhole() throws Exception {
        String big = "v".repeat(40_000);
        server = new ScriptedServer((req, out) -> respond(out, "HTTP/1.1 200 OK\r\nX-Big: " + big + "\r\nContent-Length: 2\r\n\r\nok"));
        HttpResponse<InputStream> r = ok(transport(true).send(post("/x", "{}"), Duration.ofSeconds(5)));
        assertThat(r.headers().firstValue("X-Big")).contains(big);
        assertThat(text(r.body())).isEqualTo("ok");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void bothClients_headersAreCaseInsensitive_repeatsKept_andTheDeclaredLengthRead(boolean plain) throws Exception {
        server = new ScriptedServer((req, out) -> respond(out, "HTTP/1.1 200 OK\r\nX-RateLimit-Remaining-Requests: 7\r\n"
                + "Set-Thing: a\r\nset-thing: b\r\nContent-Length: 2\r\n\r\nok"));
        HttpResponse<InputStream> r = ok(transport(plain).send(post("/x", "{}"), Duration.ofSeconds(5)));
        HeaderView view = HeaderView.of(r);
        assertThat(view.first("x-ratelimit-remaining-requests")).contains("7");
        assertThat(view.asMap().get("SET-THING")).containsExactly("a", "b");
        assertThat(r.headers().firstValue("x-RATELIMIT-remaining-requests")).contains("7");
        assertThat(r.headers().allValues("Set-Thing")).containsExactly("a", "b");
        assertThat(HttpTransport.declaredLength(r)).isEqualTo(2);
        assertThatThrownBy(() -> view.asMap().get("set-thing").add("c")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(text(r.body())).isEqualTo("ok");
    }

    @Test
    void plainClient_aChunkedAnswerHasNoDeclaredLength_evenWithAContentLengthBesideIt() throws Exception {
        server = new ScriptedServer((req, out) -> respond(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 99\r\n\r\n"
                + "2\r\nok\r\n0\r\n\r\n"));
        HttpResponse<InputStream> r = ok(transport(true).send(post("/x", "{}"), Duration.ofSeconds(5)));
        assertThat(HttpTransport.declaredLength(r)).isEqualTo(-1);
        assertThat(text(r.body())).isEqualTo("ok");
    }

    @Test
    void plainClient_connectionCloseIsHonoured() throws Exception {
        server = new ScriptedServer((req, out) -> {
            respond(out, "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok");
            return false;
        });
        HttpTransport t = transport(true);
        for (int i = 0; i < 3; i++) {
            assertThat(text(ok(t.send(post("/x", "{}"), Duration.ofSeconds(5))).body())).isEqualTo("ok");
        }
        assertThat(server.connections.get()).isEqualTo(3);
    }

    @Test
    void plainClient_aPooledConnectionTheServerClosed_isReplacedWithoutAnError() throws Exception {
        // answers keep-alive but hangs up after every answer, as an idle timeout on the server would
        server = new ScriptedServer((req, out) -> {
            respond(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            return false;
        });
        HttpTransport t = transport(true);
        assertThat(text(ok(t.send(post("/x", "{}"), Duration.ofSeconds(5))).body())).isEqualTo("ok");
        assertThat(server.hungUp.tryAcquire(3, TimeUnit.SECONDS)).isTrue(); // the server closed the pooled connection
        assertThat(text(ok(t.send(post("/x", "{}"), Duration.ofSeconds(5))).body())).isEqualTo("ok");
        assertThat(server.requests).hasSize(2);
    }

    @Test
    void plainClient_aBodyClosedBeforeItsEnd_isNotReused() throws Exception {
        server = new ScriptedServer((req, out) -> respond(out, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789"));
        HttpTransport t = transport(true);
        InputStream body = ok(t.send(post("/x", "{}"), Duration.ofSeconds(5))).body();
        assertThat(body.read()).isEqualTo('0');
        body.close();
        assertThatThrownBy(body::read).isInstanceOf(IOException.class);
        assertThat(text(ok(t.send(post("/x", "{}"), Duration.ofSeconds(5))).body())).isEqualTo("0123456789");
        assertThat(server.connections.get()).isEqualTo(2);
    }

    @Test
    void plainClient_interimAnswersAreSkipped_andNoBodyAnswersEndAtOnce() throws Exception {
        AtomicInteger n = new AtomicInteger();
        server = new ScriptedServer((req, out) -> respond(out, n.getAndIncrement() == 0
                ? "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
                : "HTTP/1.1 204 No Content\r\n\r\n"));
        HttpTransport t = transport(true);
        assertThat(text(ok(t.send(post("/x", "{}"), Duration.ofSeconds(5))).body())).isEqualTo("ok");
        HttpResponse<InputStream> r = ok(t.send(post("/x", "{}"), Duration.ofSeconds(5)));
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.body().read()).isEqualTo(-1);
        assertThat(server.connections.get()).isEqualTo(1);
    }

    @Test
    void plainClient_anAnswerWithoutLength_endsWithTheConnection() throws Exception {
        server = new ScriptedServer((req, out) -> {
            respond(out, "HTTP/1.0 200 OK\r\n\r\n{\"whole\":true}");
            return false;
        });
        assertThat(text(ok(transport(true).send(post("/x", "{}"), Duration.ofSeconds(5))).body())).isEqualTo("{\"whole\":true}");
    }

    @Test
    void plainClient_aGetHasNoBody() throws Exception {
        server = new ScriptedServer((req, out) -> respond(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}"));
        HttpCall get = HttpCall.get(server.base() + "/v1/models");
        assertThat(text(ok(transport(true).send(get, Duration.ofSeconds(5))).body())).isEqualTo("{}");
        assertThat(server.requests.getFirst()).startsWith("GET /v1/models HTTP/1.1\r\n").doesNotContainIgnoringCase("content-length");
    }

    @Test
    void plainClient_writesHeadersInOrder_andAddsItsOwnUserAgentOnlyWhenNoneIsGiven() throws Exception {
        server = new ScriptedServer((req, out) -> respond(out, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
        HttpCall call = HttpCall.post(server.base() + "/v1/chat/completions", new byte[0])
                .header("X-First", "1").header("X-Second", "2").header("Host", "spoofed").header("Content-Length", "999999");
        ok(transport(true).send(call, Duration.ofSeconds(5))).body().close();
        ok(transport.send(HttpCall.get(server.base() + "/").header("User-Agent", "mine/1"), Duration.ofSeconds(5))).body().close();
        String post = server.requests.get(0);
        assertThat(post).contains("X-First: 1\r\nX-Second: 2\r\n").contains("User-Agent: Tollfree\r\n")
                .contains("Content-Length: 0\r\n").doesNotContain("spoofed").doesNotContain("999999");
        assertThat(server.requests.get(1)).contains("User-Agent: mine/1\r\n").doesNotContain("Tollfree");
    }

    @ParameterizedTest(name = "plain client: {0}")
    @ValueSource(booleans = {true, false})
    void aHeaderValueWithALineBreak_failsTheAttemptWithoutSendingOrEchoingIt(boolean plain) throws Exception {
        server = new ScriptedServer((req, out) -> respond(out, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
        HttpCall call = post("/v1/chat/completions", "{}").header("Authorization", "Bearer sk-secret\r\nX-Injected: 1");
        HttpTransport.Exchange e = transport(plain).send(call, Duration.ofSeconds(5));
        assertThat(e).isInstanceOfSatisfying(HttpTransport.Exchange.Failed.class,
                f -> assertThat(f.error().error().message()).doesNotContain("sk-secret"));
        assertThat(server.requests).isEmpty();
    }

    @ParameterizedTest(name = "plain client: {0}")
    @ValueSource(strings = {"http://exa mple.test/v1", "ftp://example.test/v1", "/v1/chat/completions", "http:///nohost"})
    void aUrlThatIsNotAnAbsoluteHttpUrl_isAConnectFailure(String url) {
        HttpTransport.Exchange e = transport(true).send(HttpCall.post(url, new byte[] {'{', '}'}), Duration.ofSeconds(5));
        assertThat(e).isInstanceOfSatisfying(HttpTransport.Exchange.Failed.class,
                f -> assertThat(f.error().kind()).isEqualTo(UpstreamError.Kind.CONNECT));
    }

    private static boolean respond(OutputStream out, String raw) throws IOException {
        out.write(raw.getBytes(StandardCharsets.UTF_8));
        out.flush();
        return true;
    }

    /** Answers each request with a script; the script returns false to hang up after answering. */
    private interface Script {
        boolean answer(String request, OutputStream out) throws Exception;
    }

    private static final class ScriptedServer implements AutoCloseable {
        final List<String> requests = new CopyOnWriteArrayList<>();
        final AtomicInteger connections = new AtomicInteger();
        /** One permit per connection the server has closed. */
        final Semaphore hungUp = new Semaphore(0);
        private final ServerSocket socket;
        private final BlockingQueue<Socket> open = new LinkedBlockingQueue<>();
        volatile Script script;

        ScriptedServer(Script script) throws IOException {
            this.script = script;
            this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(this::accept);
        }

        String base() {
            return "http://127.0.0.1:" + port();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket s = socket.accept();
                    connections.incrementAndGet();
                    open.add(s);
                    Thread.ofVirtual().start(() -> serve(s));
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket s) {
            try (s) {
                InputStream in = s.getInputStream();
                while (true) {
                    String request = readRequest(in);
                    if (request == null) {
                        return;
                    }
                    requests.add(request);
                    if (!script.answer(request, s.getOutputStream())) {
                        return;
                    }
                }
            } catch (Exception ignored) {
                // the client went away
            } finally {
                hungUp.release();
            }
        }

        /** Head and body (by Content-Length) as text, or null at the end of the connection. */
        private static String readRequest(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    return null;
                }
                head.write(b);
                matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            String h = head.toString(StandardCharsets.ISO_8859_1);
            int length = 0;
            for (String line : h.split("\r\n")) {
                if (line.toLowerCase().startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            return h + new String(in.readNBytes(length), StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : open) {
                s.close();
            }
        }
    }
}
