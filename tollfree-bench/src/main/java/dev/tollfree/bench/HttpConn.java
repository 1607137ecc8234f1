package dev.tollfree.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One keep-alive HTTP/1.1 connection of the load generator, on a plain socket: it writes a
 * prebuilt request in one write and reads the response (length-delimited, chunked, or to the end),
 * noting when the first body bytes of a stream arrive.
 */
final class HttpConn implements AutoCloseable {
    private static final byte[] DONE_TAIL = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);
    private final Socket socket;
    private final ByteIn in;
    private final OutputStream out;
    private final byte[] scratch = new byte[16 * 1024];
    private final byte[] tail = new byte[DONE_TAIL.length];
    private int tailLength;
    private boolean reusable = true;

    /** What one exchange returned; reused by its connection. */
    static final class Response {
        int status;
        long firstBodyNanos;
        boolean streamed;
        boolean done;
        boolean fellBack;
    }

    HttpConn(int port, int timeoutMillis) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(timeoutMillis);
        in = new ByteIn(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** The bytes of a POST with a JSON body (and an API key when not empty). */
    static byte[] post(int port, String path, String apiKey, byte[] json) {
        String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                + (apiKey.isEmpty() ? "" : "Authorization: Bearer " + apiKey + "\r\n")
                + "Content-Type: application/json\r\nAccept: */*\r\nContent-Length: " + json.length + "\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[h.length + json.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(json, 0, all, h.length, json.length);
        return all;
    }

    /** True while the server has not asked to close; a failed exchange also makes it false. */
    boolean reusable() {
        return reusable;
    }

    void exchange(byte[] request, Response r) throws IOException {
        r.status = 0;
        r.firstBodyNanos = -1;
        r.streamed = false;
        r.done = false;
        r.fellBack = false;
        tailLength = 0;
        reusable = false;
        out.write(request);
        out.flush();
        String statusLine = in.readLine();
        if (statusLine == null || statusLine.length() < 12 || !statusLine.startsWith("HTTP/1.")) {
            throw new IOException("bad status line: " + statusLine);
        }
        r.status = Integer.parseInt(statusLine, 9, 12, 10);
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String h = in.readLine(); h != null && !h.isEmpty(); h = in.readLine()) {
            String v;
            if ((v = ByteIn.headerValue(h, "content-length")) != null) {
                length = Long.parseLong(v);
            } else if ((v = ByteIn.headerValue(h, "transfer-encoding")) != null) {
                chunked = v.toLowerCase(java.util.Locale.ROOT).contains("chunked");
            } else if ((v = ByteIn.headerValue(h, "connection")) != null) {
                close = v.equalsIgnoreCase("close");
            } else if ((v = ByteIn.headerValue(h, "content-type")) != null) {
                r.streamed = v.startsWith("text/event-stream");
            } else if (ByteIn.headerValue(h, "x-fallback-attempts") != null) {
                r.fellBack = true;
            }
        }
        if (chunked) {
            for (int n = ByteIn.chunkSize(in.readLine()); n > 0; n = ByteIn.chunkSize(in.readLine())) {
                if (r.firstBodyNanos < 0) {
                    r.firstBodyNanos = System.nanoTime();
                }
                consume(n);
                in.readLine();
            }
            for (String t = in.readLine(); t != null && !t.isEmpty(); t = in.readLine()) {
                // trailers
            }
        } else if (length >= 0) {
            if (length > 0) {
                r.firstBodyNanos = System.nanoTime();
            }
            consume(length);
        } else {
            throw new IOException("response without a length or chunked body");
        }
        r.done = tailLength == DONE_TAIL.length && java.util.Arrays.equals(tail, DONE_TAIL);
        reusable = !close;
    }

    /** Reads {@code n} body bytes, keeping the last few to recognise {@code [DONE]}. */
    private void consume(long n) throws IOException {
        while (n > 0) {
            int k = in.readSome(scratch, 0, (int) Math.min(n, scratch.length));
            n -= k;
            keepTail(k);
        }
    }

    private void keepTail(int k) {
        int t = tail.length;
        if (k >= t) {
            System.arraycopy(scratch, k - t, tail, 0, t);
            tailLength = t;
            return;
        }
        int keep = Math.min(tailLength, t - k);
        System.arraycopy(tail, tailLength - keep, tail, 0, keep);
        System.arraycopy(scratch, 0, tail, keep, k);
        tailLength = keep + k;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
