package dev.tollfree.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Plays one {@link Script} onto a connection, faults included. */
final class ScriptWriter {

    /** What the connection does after a response. */
    enum Outcome { KEEP_ALIVE, CLOSE, GONE }

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final CountDownLatch closed;

    ScriptWriter(Socket socket, InputStream in, OutputStream out, CountDownLatch closed) {
        this.socket = socket;
        this.in = in;
        this.out = out;
        this.closed = closed;
    }

    Outcome write(Script script, boolean clientKeepAlive) throws IOException {
        if (!pause(script.delay())) {
            return Outcome.GONE;
        }
        return switch (script.body()) {
            case Body.Reset() -> reset();
            case Body.Silent() -> holdUntilGone();
            case Body.Fixed(String contentType, String text) ->
                    send(script, contentType, List.of(text), false, clientKeepAlive);
            case Body.Events(List<String> payloads) ->
                    send(script, "text/event-stream", frame(payloads, script), true, clientKeepAlive);
            case Body.Raw(String contentType, List<String> chunks) ->
                    send(script, contentType, chunks, true, clientKeepAlive);
        };
    }

    private Outcome send(Script script, String contentType, List<String> texts, boolean chunked,
                         boolean clientKeepAlive) throws IOException {
        List<byte[]> pieces = texts.stream().map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
        long length = pieces.stream().mapToLong(p -> p.length).sum();
        Headers headers = new Headers();
        headers.set("Content-Type", contentType);
        if (chunked) {
            headers.set("Transfer-Encoding", "chunked");
            headers.set("Cache-Control", "no-cache");
        } else {
            headers.set("Content-Length", Long.toString(length));
        }
        if (!clientKeepAlive) {
            headers.set("Connection", "close");
        }
        script.headers().forEach(h -> headers.set(h.getKey(), h.getValue()));
        boolean close = !clientKeepAlive || headers.has("Connection", "close")
                || (!chunked && !headers.has("Content-Length", Long.toString(length)));

        out.write(headers.render(script.status()));
        out.flush();
        int events = pieces.size();
        int cut = script.cutAfter() == Script.NONE ? Script.NONE : Math.min(script.cutAfter(), events);
        int stall = script.stallAfter() == Script.NONE ? Script.NONE : Math.min(script.stallAfter(), events);
        int hold = script.pauseAfter() == Script.NONE ? Script.NONE : Math.min(script.pauseAfter(), events);
        for (int i = 0; ; i++) {
            if (i == hold && !awaitResume(script.resume())) {
                return Outcome.GONE;
            }
            if (i == cut) {
                return reset();
            }
            if (i == stall) {
                return holdUntilGone();
            }
            if (i == events) {
                break;
            }
            if (i > 0 && !pause(script.gap())) {
                return Outcome.GONE;
            }
            writePiece(pieces.get(i), chunked);
        }
        if (chunked) {
            out.write(LAST_CHUNK);
            out.flush();
        }
        return close ? Outcome.CLOSE : Outcome.KEEP_ALIVE;
    }

    private void writePiece(byte[] piece, boolean chunked) throws IOException {
        if (chunked) {
            if (piece.length == 0) {
                return; // a zero-size chunk would end the body
            }
            out.write(Integer.toHexString(piece.length).getBytes(StandardCharsets.US_ASCII));
            out.write(CRLF);
            out.write(piece);
            out.write(CRLF);
        } else {
            out.write(piece);
        }
        out.flush();
    }

    private static List<String> frame(List<String> payloads, Script script) {
        String prefix = script.spaceAfterData() ? "data: " : "data:";
        List<String> events = new ArrayList<>(payloads.size() + 1);
        payloads.forEach(p -> events.add(prefix + p + "\n\n"));
        if (script.done()) {
            events.add(prefix + "[DONE]\n\n");
        }
        return events;
    }

    /** Aborts the connection with a TCP RST: SO_LINGER 0, then close. */
    private Outcome reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
        return Outcome.GONE;
    }

    /** Sends nothing and discards input until the client leaves or the fake closes the socket. */
    private Outcome holdUntilGone() throws IOException {
        byte[] sink = new byte[1024];
        while (in.read(sink) >= 0) {
            // a client does not pipeline during a response; whatever comes is dropped
        }
        return Outcome.GONE;
    }

    /** Waits in real time; false if the fake closed meanwhile. */
    private boolean pause(Duration d) {
        if (d.isZero()) {
            return closed.getCount() > 0;
        }
        try {
            return !closed.await(d.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits for the test to release the stream; close() interrupts this thread. */
    private boolean awaitResume(CountDownLatch resume) {
        try {
            resume.await();
            return closed.getCount() > 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Response headers in order; setting a name again (any case) replaces it in place. */
    private static final class Headers {
        private final List<Map.Entry<String, String>> entries = new ArrayList<>();

        void set(String name, String value) {
            entries.removeIf(e -> e.getKey().equalsIgnoreCase(name));
            entries.add(Map.entry(name, value));
        }

        boolean has(String name, String value) {
            return entries.stream().anyMatch(e -> e.getKey().equalsIgnoreCase(name) && e.getValue().equalsIgnoreCase(value));
        }

        byte[] render(int status) {
            StringBuilder head = new StringBuilder(256);
            head.append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
            entries.forEach(e -> head.append(e.getKey()).append(": ").append(e.getValue()).append("\r\n"));
            head.append("\r\n");
            return head.toString().getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 204 -> "No Content";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 402 -> "Payment Required";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 413 -> "Content Too Large";
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Status " + status;
        };
    }
}
