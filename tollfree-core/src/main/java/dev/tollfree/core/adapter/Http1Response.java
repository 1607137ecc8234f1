package dev.tollfree.core.adapter;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSession;

/**
 * The answer side of {@link Http1Client}: status line and headers, and the body framed by
 * {@code Content-Length}, chunked encoding or the end of the connection. A body read to its end
 * returns its connection to the pool; one cut before its declared end fails its read.
 */
final class Http1Response {
    private static final int MAX_HEADER_BYTES = 64 * 1024;
    /** A chunk size in hex with any extensions; real ones are a few bytes. */
    private static final int MAX_CHUNK_LINE = 4 * 1024;

    private Http1Response() {}

    /** Reads the status line and headers (after the answer's {@code first} byte) and frames the body. */
    static HttpResponse<InputStream> read(Http1Client client, HttpCall request, Http1Client.Conn conn, int first) throws IOException {
        while (true) {
            String statusLine = (char) first + conn.in.readLine(MAX_HEADER_BYTES, "the response headers");
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
                String line = conn.in.readLine(MAX_HEADER_BYTES, "the response headers");
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
            long declared = -1;
            if (request.method().equals("HEAD") || status == 204 || status == 304) {
                body = new Body(client, conn, Framing.NONE, 0, keepAlive);
            } else if (hasToken(headers, "Transfer-Encoding", "chunked")) {
                body = new Body(client, conn, Framing.CHUNKED, 0, keepAlive);
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
                body = new Body(client, conn, Framing.LENGTH, length, keepAlive);
                declared = length;
            } else {
                body = new Body(client, conn, Framing.UNTIL_CLOSE, 0, false);
            }
            headers.replaceAll((name, values) -> List.copyOf(values));
            return new Response(request, status, HeaderView.adopt(headers), declared, body);
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
        private final Http1Client.Conn conn;
        private final Framing framing;
        private final boolean keepAlive;
        private final AtomicInteger state = new AtomicInteger(OPEN);
        /** Held by a read in progress, or for good by {@link #close()}: who may touch the connection's buffer. */
        private final java.util.concurrent.atomic.AtomicBoolean busy = new java.util.concurrent.atomic.AtomicBoolean();
        private long remaining;
        private boolean lastChunk;

        Body(Http1Client client, Http1Client.Conn conn, Framing framing, long length, boolean keepAlive) {
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
            return StreamBody.readOne(this);
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
            if (!busy.compareAndSet(false, true)) {
                throw new IOException("closed"); // being closed by another thread (or read by two at once)
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
            } finally {
                busy.set(false);
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
                String sizeLine = conn.in.readLine(MAX_CHUNK_LINE, "a chunk header");
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
                    while (!conn.in.readLine(MAX_HEADER_BYTES, "the trailers").isEmpty()) {
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
            if (conn.in.bufferedStartsWith(LAST_CHUNK)) {
                conn.in.skipBuffered(LAST_CHUNK.length);
                lastChunk = true;
                finish();
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

        /**
         * Idempotent, callable from any thread. A chunked body closed between chunks whose
         * terminating chunk has already arrived ends as if read to its end, and its connection is
         * reused: an event stream's reader stops at its last event, before the terminator.
         */
        @Override
        public void close() {
            if (state.get() != OPEN) {
                return;
            }
            if (busy.compareAndSet(false, true)) { // no read in progress: this thread may look at the connection
                if (framing == Framing.CHUNKED && remaining == 0 && !lastChunk && terminatorArrived()) {
                    conn.in.skipBuffered(LAST_CHUNK.length);
                    lastChunk = true;
                    finish();
                    return;
                }
            }
            if (state.compareAndSet(OPEN, CLOSED)) {
                conn.closeSocket();
            }
        }

        private boolean terminatorArrived() {
            try {
                return conn.in.arrivedStartsWith(LAST_CHUNK);
            } catch (IOException e) {
                return false;
            }
        }
    }

    /**
     * An answer of this client. Its headers are kept as read (one case-insensitive map, shared with
     * {@link #view()}); the JDK's {@link HttpHeaders} copy of them is made only if asked for.
     */
    static final class Response implements HttpResponse<InputStream> {
        private final HttpCall call;
        private final int statusCode;
        private final HeaderView view;
        private final long declaredLength;
        private final InputStream body;
        private HttpHeaders headers;

        private Response(HttpCall call, int statusCode, HeaderView view, long declaredLength, InputStream body) {
            this.call = call;
            this.statusCode = statusCode;
            this.view = view;
            this.declaredLength = declaredLength;
            this.body = body;
        }

        /** The headers without a copy. */
        HeaderView view() {
            return view;
        }

        /** The body's {@code Content-Length}, or -1 when it is chunked, ends with the connection or has none. */
        long declaredLength() {
            return declaredLength;
        }

        @Override
        public int statusCode() {
            return statusCode;
        }

        @Override
        public synchronized HttpHeaders headers() {
            if (headers == null) {
                headers = HttpHeaders.of(view.asMap(), (a, b) -> true);
            }
            return headers;
        }

        @Override
        public InputStream body() {
            return body;
        }

        @Override
        public HttpRequest request() {
            return call.toJdk();
        }

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
            return call.target().uri();
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }
}
