package dev.tollfree.core.adapter;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSession;

/**
 * A blocking HTTP/1.1 client for clear-text ({@code http://}) upstreams: the request is written and
 * the answer read on the caller's own (virtual) thread, over a pool of keep-alive connections.
 * Local servers (Ollama, LM Studio, vLLM, a proxy on the same host) are reached this way; TLS
 * providers go through the JDK client. Every blocking step can be ended from another thread with
 * {@link Call#abort()}, which closes the socket; a body closed before its end closes its connection
 * instead of returning it to the pool, and a body cut before its declared end fails its read
 * instead of ending quietly.
 */
final class Http1Client implements AutoCloseable {
    private static final int MAX_IDLE_PER_ORIGIN = 64;
    private static final long MAX_IDLE_NANOS = TimeUnit.SECONDS.toNanos(20);
    private static final int MAX_HEADER_BYTES = 64 * 1024;

    private final int connectTimeoutMillis;
    private final ConcurrentHashMap<String, ConcurrentLinkedDeque<Conn>> idle = new ConcurrentHashMap<>();
    private volatile boolean closed;

    Http1Client(java.time.Duration connectTimeout) {
        this.connectTimeoutMillis = (int) Math.clamp(connectTimeout.toMillis(), 1, Integer.MAX_VALUE);
    }

    /** One exchange; {@link #abort()} from any thread ends whatever it is blocked in. */
    static final class Call {
        private volatile Conn conn;
        private volatile boolean aborted;

        void abort() {
            aborted = true;
            Conn c = conn;
            if (c != null) {
                c.closeSocket();
            }
        }

        boolean aborted() {
            return aborted;
        }

        private void attach(Conn c) throws IOException {
            conn = c;
            if (aborted) {
                c.closeSocket();
                throw new SocketException("aborted");
            }
        }
    }

    /** Sends the request and blocks until the response headers are in; the body is read as it is consumed. */
    HttpResponse<InputStream> send(HttpRequest request, Call call) throws IOException {
        URI uri = request.uri();
        if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("not a clear-text HTTP URL: " + uri.getScheme() + "://" + uri.getHost());
        }
        byte[] head = head(request, uri);
        byte[] body = bodyBytes(request);
        String origin = origin(uri);
        // A pooled connection the server has closed meanwhile fails before any answer byte; such a
        // request is sent once more on a fresh connection (what browsers and other clients do too).
        for (int attempt = 0; ; attempt++) {
            Conn conn = attempt == 0 ? takeIdle(origin) : null;
            boolean reused = conn != null;
            if (conn == null) {
                conn = connect(uri, origin, call);
            }
            call.attach(conn);
            try {
                conn.out.write(head);
                if (body.length > 0) {
                    conn.out.write(body);
                }
                conn.out.flush();
                int first = conn.in.read();
                if (first < 0) {
                    throw new EOFException("the upstream closed the connection without answering");
                }
                return readResponse(request, conn, first);
            } catch (IOException e) {
                conn.closeSocket();
                if (reused && !call.aborted() && !conn.answered) {
                    continue;
                }
                throw e;
            }
        }
    }

    private Conn connect(URI uri, String origin, Call call) throws IOException {
        if (closed) {
            throw new SocketException("client closed");
        }
        int port = uri.getPort() < 0 ? 80 : uri.getPort();
        Socket socket = new Socket();
        Conn conn = new Conn(origin, socket);
        call.attach(conn);
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(uri.getHost(), port), connectTimeoutMillis);
        conn.open();
        return conn;
    }

    private Conn takeIdle(String origin) {
        ConcurrentLinkedDeque<Conn> q = idle.get(origin);
        if (q == null) {
            return null;
        }
        long now = System.nanoTime();
        Conn c;
        while ((c = q.pollFirst()) != null) {
            if (now - c.idleSince < MAX_IDLE_NANOS && !c.socket.isClosed()) {
                return c;
            }
            c.closeSocket();
        }
        return null;
    }

    private void release(Conn c) {
        if (closed) {
            c.closeSocket();
            return;
        }
        ConcurrentLinkedDeque<Conn> q = idle.computeIfAbsent(c.origin, k -> new ConcurrentLinkedDeque<>());
        if (q.size() >= MAX_IDLE_PER_ORIGIN) {
            c.closeSocket();
            return;
        }
        c.idleSince = System.nanoTime();
        c.answered = false;
        q.offerFirst(c);
    }

    private static String origin(URI uri) {
        return uri.getHost().toLowerCase(Locale.ROOT) + ":" + (uri.getPort() < 0 ? 80 : uri.getPort());
    }

    private static byte[] head(HttpRequest request, URI uri) {
        StringBuilder sb = new StringBuilder(256);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        sb.append(request.method()).append(' ').append(path);
        if (uri.getRawQuery() != null) {
            sb.append('?').append(uri.getRawQuery());
        }
        sb.append(" HTTP/1.1\r\nHost: ").append(uri.getHost());
        if (uri.getPort() >= 0) {
            sb.append(':').append(uri.getPort());
        }
        sb.append("\r\n");
        boolean userAgent = false;
        for (Map.Entry<String, List<String>> e : request.headers().map().entrySet()) {
            String name = e.getKey();
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("host") || lower.equals("content-length") || lower.equals("connection")
                    || lower.equals("transfer-encoding")) {
                continue;
            }
            userAgent |= lower.equals("user-agent");
            for (String v : e.getValue()) {
                if (v.indexOf('\r') >= 0 || v.indexOf('\n') >= 0) {
                    throw new IllegalArgumentException("header " + name + " holds a line break");
                }
                sb.append(name).append(": ").append(v).append("\r\n");
            }
        }
        if (!userAgent) {
            sb.append("User-Agent: Tollfree\r\n");
        }
        long length = request.bodyPublisher().map(HttpRequest.BodyPublisher::contentLength).orElse(0L);
        if (length != 0 || !request.method().equals("GET")) {
            sb.append("Content-Length: ").append(Math.max(0, length)).append("\r\n");
        }
        sb.append("\r\n");
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The request body; the publishers the adapters use (byte arrays, strings) deliver at once. */
    private static byte[] bodyBytes(HttpRequest request) throws IOException {
        Optional<HttpRequest.BodyPublisher> publisher = request.bodyPublisher();
        if (publisher.isEmpty() || publisher.get().contentLength() == 0) {
            return new byte[0];
        }
        if (publisher.get().contentLength() < 0) {
            throw new IOException("a request body of unknown length is not supported in clear text");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(publisher.get().contentLength(), 1 << 20));
        CompletableFuture<Void> done = new CompletableFuture<>();
        publisher.get().subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                out.writeBytes(chunk);
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                done.complete(null);
            }
        });
        try {
            done.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while reading the request body");
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("the request body could not be read", e);
        }
        byte[] bytes = out.toByteArray();
        if (bytes.length != publisher.get().contentLength()) {
            throw new IOException("the request body has " + bytes.length + " bytes, not the " + publisher.get().contentLength() + " declared");
        }
        return bytes;
    }

    private HttpResponse<InputStream> readResponse(HttpRequest request, Conn conn, int first) throws IOException {
        conn.answered = true;
        while (true) {
            String statusLine = (char) first + readLine(conn.in);
            // "HTTP/1.1 200 OK"
            if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
                throw new IOException("not an HTTP/1.x status line from the upstream");
            }
            int status;
            try {
                status = Integer.parseInt(statusLine.substring(9, 12));
            } catch (NumberFormatException e) {
                throw new IOException("malformed status line from the upstream");
            }
            boolean http10 = statusLine.charAt(7) == '0';
            TreeMap<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            int total = statusLine.length();
            while (true) {
                String line = readLine(conn.in);
                total += line.length() + 2;
                if (total > MAX_HEADER_BYTES) {
                    throw new IOException("upstream response headers exceed " + MAX_HEADER_BYTES + " bytes");
                }
                if (line.isEmpty()) {
                    break;
                }
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                headers.computeIfAbsent(line.substring(0, colon).trim(), k -> new ArrayList<>(1))
                        .add(line.substring(colon + 1).trim());
            }
            if (status >= 100 && status < 200) {
                first = conn.in.read();
                if (first < 0) {
                    throw new EOFException("the upstream closed the connection after an interim answer");
                }
                continue;
            }
            boolean keepAlive = !hasToken(headers, "Connection", "close")
                    && (!http10 || hasToken(headers, "Connection", "keep-alive"));
            InputStream body;
            if (request.method().equals("HEAD") || status == 204 || status == 304) {
                body = new Body(this, conn, Framing.NONE, 0, keepAlive);
            } else if (hasToken(headers, "Transfer-Encoding", "chunked")) {
                body = new Body(this, conn, Framing.CHUNKED, 0, keepAlive);
            } else if (headers.containsKey("Content-Length")) {
                long length;
                try {
                    length = Long.parseLong(headers.get("Content-Length").getFirst());
                } catch (NumberFormatException e) {
                    throw new IOException("malformed Content-Length from the upstream");
                }
                if (length < 0) {
                    throw new IOException("negative Content-Length from the upstream");
                }
                body = new Body(this, conn, Framing.LENGTH, length, keepAlive);
            } else {
                body = new Body(this, conn, Framing.UNTIL_CLOSE, 0, false);
            }
            Map<String, List<String>> view = new LinkedHashMap<>(headers);
            return new Response(request, status, HttpHeaders.of(view, (a, b) -> true), body);
        }
    }

    private static boolean hasToken(Map<String, List<String>> headers, String name, String token) {
        List<String> values = headers.get(name);
        if (values == null) {
            return false;
        }
        for (String v : values) {
            for (String part : v.split(",")) {
                if (part.trim().equalsIgnoreCase(token)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A CRLF- (or LF-) terminated line without its terminator, ISO-8859-1. */
    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the upstream closed the connection inside the response headers");
            }
            if (b == '\n') {
                int n = sb.length();
                if (n > 0 && sb.charAt(n - 1) == '\r') {
                    sb.setLength(n - 1);
                }
                return sb.toString();
            }
            if (sb.length() > MAX_HEADER_BYTES) {
                throw new IOException("upstream response header line exceeds " + MAX_HEADER_BYTES + " bytes");
            }
            sb.append((char) b);
        }
    }

    @Override
    public void close() {
        closed = true;
        for (ConcurrentLinkedDeque<Conn> q : idle.values()) {
            Conn c;
            while ((c = q.pollFirst()) != null) {
                c.closeSocket();
            }
        }
    }

    /** One TCP connection to an origin. */
    private static final class Conn {
        final String origin;
        final Socket socket;
        InputStream in;
        OutputStream out;
        volatile long idleSince;
        volatile boolean answered;

        Conn(String origin, Socket socket) {
            this.origin = origin;
            this.socket = socket;
        }

        void open() throws IOException {
            in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            out = new java.io.BufferedOutputStream(socket.getOutputStream(), 8 * 1024);
        }

        void closeSocket() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }

    private enum Framing { NONE, LENGTH, CHUNKED, UNTIL_CLOSE }

    /**
     * A response body. Reaching its end returns the connection to the pool; {@link #close()} before
     * the end (from any thread) closes the connection, which also wakes a read blocked in it.
     */
    private static final class Body extends InputStream {
        private static final int OPEN = 0;
        private static final int DONE = 1;
        private static final int CLOSED = 2;
        private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

        private final Http1Client client;
        private final Conn conn;
        private final Framing framing;
        private final boolean keepAlive;
        private final AtomicInteger state = new AtomicInteger(OPEN);
        private long remaining;
        private boolean lastChunk;

        Body(Http1Client client, Conn conn, Framing framing, long length, boolean keepAlive) {
            this.client = client;
            this.conn = conn;
            this.framing = framing;
            this.keepAlive = keepAlive;
            this.remaining = length;
            if (framing == Framing.NONE || (framing == Framing.LENGTH && length == 0)) {
                finish();
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            int s = state.get();
            if (s == CLOSED) {
                throw new IOException("closed");
            }
            if (s == DONE) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            try {
                return switch (framing) {
                    case NONE -> -1;
                    case LENGTH -> readFixed(b, off, len);
                    case CHUNKED -> readChunked(b, off, len);
                    case UNTIL_CLOSE -> readUntilClose(b, off, len);
                };
            } catch (IOException e) {
                if (state.getAndSet(CLOSED) == CLOSED) {
                    throw new IOException("closed", e); // closed by another thread while this read waited
                }
                conn.closeSocket();
                throw e;
            }
        }

        private int readFixed(byte[] b, int off, int len) throws IOException {
            int n = conn.in.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw new EOFException("the upstream closed the connection " + remaining + " bytes before the end of the body");
            }
            remaining -= n;
            if (remaining == 0) {
                finish();
            }
            return n;
        }

        private int readChunked(byte[] b, int off, int len) throws IOException {
            while (remaining == 0) {
                if (lastChunk) {
                    return -1;
                }
                String sizeLine = readLine(conn.in);
                int semi = sizeLine.indexOf(';');
                String hex = (semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).trim();
                try {
                    remaining = Long.parseLong(hex, 16);
                } catch (NumberFormatException e) {
                    throw new IOException("malformed chunk size from the upstream");
                }
                if (remaining < 0) {
                    throw new IOException("malformed chunk size from the upstream");
                }
                if (remaining == 0) {
                    // trailers, then the blank line that ends the body
                    while (!readLine(conn.in).isEmpty()) {
                        // trailers are not used
                    }
                    lastChunk = true;
                    finish();
                    return -1;
                }
            }
            int n = conn.in.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw new EOFException("the upstream closed the connection inside a chunk");
            }
            remaining -= n;
            if (remaining == 0) {
                expectCrlf();
                endIfLastChunkBuffered();
            }
            return n;
        }

        /**
         * Ends the body when the terminating chunk is already buffered, so that a reader who stops
         * at the end of the content (an event stream's last event) still leaves a reusable connection.
         */
        private void endIfLastChunkBuffered() throws IOException {
            if (conn.in.available() < LAST_CHUNK.length) {
                return;
            }
            conn.in.mark(LAST_CHUNK.length);
            byte[] next = conn.in.readNBytes(LAST_CHUNK.length);
            if (java.util.Arrays.equals(next, LAST_CHUNK)) {
                lastChunk = true;
                finish();
            } else {
                conn.in.reset();
            }
        }

        private void expectCrlf() throws IOException {
            int cr = conn.in.read();
            int lf = cr == '\r' ? conn.in.read() : cr;
            if (lf != '\n') {
                throw new IOException(cr < 0 || lf < 0 ? "the upstream closed the connection inside a chunk" : "malformed chunk ending from the upstream");
            }
        }

        private int readUntilClose(byte[] b, int off, int len) throws IOException {
            int n = conn.in.read(b, off, len);
            if (n < 0) {
                if (state.compareAndSet(OPEN, DONE)) {
                    conn.closeSocket();
                }
                return -1;
            }
            return n;
        }

        private void finish() {
            if (state.compareAndSet(OPEN, DONE)) {
                if (keepAlive) {
                    client.release(conn);
                } else {
                    conn.closeSocket();
                }
            }
        }

        @Override
        public int available() throws IOException {
            if (state.get() != OPEN) {
                return 0;
            }
            int buffered = conn.in.available();
            return framing == Framing.UNTIL_CLOSE ? buffered : (int) Math.min(buffered, remaining);
        }

        /** Idempotent, callable from any thread. */
        @Override
        public void close() {
            if (state.compareAndSet(OPEN, CLOSED)) {
                conn.closeSocket();
            }
        }
    }

    private record Response(HttpRequest request, int statusCode, HttpHeaders headers, InputStream body)
            implements HttpResponse<InputStream> {
        @Override
        public Optional<HttpResponse<InputStream>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return Optional.empty();
        }

        @Override
        public URI uri() {
            return request.uri();
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }
}
