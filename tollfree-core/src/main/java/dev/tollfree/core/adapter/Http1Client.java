package dev.tollfree.core.adapter;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

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
    private final ConcurrentHashMap<String, Idle> idle = new ConcurrentHashMap<>();
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
    HttpResponse<InputStream> send(HttpCall request, Call call) throws IOException {
        HttpCall.Target target = request.target();
        if (target.tls()) {
            throw new IllegalArgumentException("not a clear-text HTTP URL");
        }
        byte[] head = head(request, target);
        byte[] body = request.bodyBytes();
        // A pooled connection the server has closed meanwhile fails before any answer byte; such a
        // request is sent once more on a fresh connection (what browsers and other clients do too).
        for (int attempt = 0; ; attempt++) {
            Conn conn = attempt == 0 ? takeIdle(target.origin()) : null;
            boolean reused = conn != null;
            if (conn == null) {
                conn = connect(target, call);
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

    private Conn connect(HttpCall.Target target, Call call) throws IOException {
        if (closed) {
            throw new SocketException("client closed");
        }
        Socket socket = new Socket();
        Conn conn = new Conn(target.origin(), socket);
        call.attach(conn);
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(target.host(), target.port()), connectTimeoutMillis);
        conn.open();
        return conn;
    }

    /**
     * The idle connections to one origin, newest first. A lock around an array deque: each use holds
     * it for a push or a pop, cheaper than a lock-free linked deque's walk over the nodes that pops
     * at its head leave behind.
     */
    private static final class Idle {
        private final ArrayDeque<Conn> conns = new ArrayDeque<>();

        synchronized Conn poll() {
            return conns.pollFirst();
        }

        /** False when the client is closed or the origin already has its most idle connections. */
        synchronized boolean offer(Conn c, Http1Client client) {
            if (client.closed || conns.size() >= MAX_IDLE_PER_ORIGIN) {
                return false;
            }
            conns.offerFirst(c);
            return true;
        }
    }

    private Conn takeIdle(String origin) {
        Idle q = idle.get(origin);
        if (q == null) {
            return null;
        }
        long now = System.nanoTime();
        Conn c;
        while ((c = q.poll()) != null) {
            if (now - c.idleSince < MAX_IDLE_NANOS && !c.socket.isClosed()) {
                return c;
            }
            c.closeSocket();
        }
        return null;
    }

    void release(Conn c) {
        c.idleSince = System.nanoTime();
        Idle q = closed ? null : idle.computeIfAbsent(c.origin, k -> new Idle());
        if (q == null || !q.offer(c, this)) {
            c.closeSocket();
        }
    }

    private static byte[] head(HttpCall request, HttpCall.Target target) {
        StringBuilder sb = new StringBuilder(256);
        sb.append(request.method()).append(' ').append(target.pathAndQuery())
                .append(" HTTP/1.1\r\nHost: ").append(target.hostHeader()).append("\r\n");
        boolean userAgent = false;
        for (int i = 0; i < request.headerCount(); i++) {
            String name = request.headerName(i);
            if (name.equalsIgnoreCase("host") || name.equalsIgnoreCase("content-length")
                    || name.equalsIgnoreCase("connection") || name.equalsIgnoreCase("transfer-encoding")) {
                continue;
            }
            userAgent |= name.equalsIgnoreCase("user-agent");
            String value = request.headerValue(i);
            if (!token(name)) {
                throw new IllegalArgumentException("header name " + name + " is not a token");
            }
            if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("header " + name + " holds a line break");
            }
            sb.append(name).append(": ").append(value).append("\r\n");
        }
        if (!userAgent) {
            sb.append("User-Agent: Tollfree\r\n");
        }
        int length = request.bodyBytes().length;
        if (length != 0 || !request.method().equals("GET")) {
            sb.append("Content-Length: ").append(length).append("\r\n");
        }
        sb.append("\r\n");
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** RFC 9110 token characters. */
    private static boolean token(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        closed = true;
        for (Idle q : idle.values()) {
            Conn c;
            while ((c = q.poll()) != null) {
                c.closeSocket();
            }
        }
    }

    /** One TCP connection to an origin. */
    static final class Conn {
        final String origin;
        final Socket socket;
        ConnInput in;
        OutputStream out;
        volatile long idleSince;

        Conn(String origin, Socket socket) {
            this.origin = origin;
            this.socket = socket;
        }

        void open() throws IOException {
            in = new ConnInput(socket.getInputStream(), 16 * 1024);
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
