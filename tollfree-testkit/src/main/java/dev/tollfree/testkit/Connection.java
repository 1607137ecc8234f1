package dev.tollfree.testkit;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** One accepted socket: reads requests, asks the fake for a script, plays it; keep-alive until told otherwise. */
final class Connection implements Runnable {

    /** The part of {@link FakeUpstream} a connection talks to. */
    interface Host {
        /** Records the request and picks its script. */
        Script dispatch(RecordedRequest request);

        boolean isClosed();

        java.util.concurrent.CountDownLatch closedSignal();

        void ended(Connection connection);
    }

    private final Socket socket;
    private final Host host;

    Connection(Socket socket, Host host) {
        this.socket = socket;
        this.host = host;
    }

    @Override
    public void run() {
        try {
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
            HttpRequestReader reader = new HttpRequestReader(in, out);
            ScriptWriter writer = new ScriptWriter(socket, in, out, host.closedSignal());
            serve(reader, writer, out);
        } catch (IOException e) {
            // the client left, or close() closed the socket under us: either way this connection is over
        } finally {
            closeQuietly();
            host.ended(this);
        }
    }

    private void serve(HttpRequestReader reader, ScriptWriter writer, OutputStream out) throws IOException {
        while (!host.isClosed()) {
            Optional<HttpRequestReader.Parsed> parsed;
            try {
                parsed = reader.next();
            } catch (ProtocolException e) {
                badRequest(out, e.getMessage());
                return;
            }
            if (parsed.isEmpty()) {
                return;
            }
            Script script = host.dispatch(parsed.get().request());
            if (writer.write(script, parsed.get().keepAlive()) != ScriptWriter.Outcome.KEEP_ALIVE) {
                return;
            }
        }
    }

    private static void badRequest(OutputStream out, String why) throws IOException {
        byte[] body = OpenAiBodies.error("fake upstream could not parse the request: " + why,
                "invalid_request_error", null).getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    /** Called by close() from another thread. */
    void closeQuietly() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
