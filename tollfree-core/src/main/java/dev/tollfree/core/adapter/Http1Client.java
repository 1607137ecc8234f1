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
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A blocking HTTP/1.1 client for clear-text ({@code http://}) upstreams: the request is written and
 * the answer read on the caller's own (virtual) thread, over a pool of keep-alive connections.
 * Local servers (Ollama, LM Studio, vLLM, a proxy on the same host) are reached this way; TLS
 * providers go through the JDK client. Every blocking step can be ended from another thread with
 * {@link Call#abort()}, which closes the socket; a body closed before its end closes its connection
 * instead of returning it to the pool, and a body cut before its declared end fails its read
 * instead of ending quietly ({@link Http1Response}).
 */
final class Http1Client implements AutoCloseable {
    private static final int MAX_IDLE_PER_ORIGIN = 64;
    private static final long MAX_IDLE_NANOS = TimeUnit.SECONDS.toNanos(20);

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
            boolean answered = false;
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
                answered = true;
                return Http1Response.read(this, request, conn, first);
            } catch (IOException e) {
                conn.closeSocket();
                if (reused && !answered && !call.aborted()) {
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

    void release(Conn c) {
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
    static final class Conn {
        final String origin;
        final Socket socket;
        InputStream in;
        OutputStream out;
        volatile long idleSince;

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
}
