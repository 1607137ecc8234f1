package dev.tollfree.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fake upstream on plain blocking sockets, one virtual thread per connection, HTTP/1.1
 * keep-alive and the least parsing that is still correct for the clients we point at it.
 */
final class RawUpstream implements Upstream {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server;
    private final UpstreamProfile.Router router;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private RawUpstream(ServerSocket server, UpstreamProfile profile) {
        this.server = server;
        this.router = new UpstreamProfile.Router(profile);
    }

    static RawUpstream start(UpstreamProfile profile) {
        try {
            ServerSocket s = new ServerSocket(0, 4096, InetAddress.getLoopbackAddress());
            RawUpstream u = new RawUpstream(s, profile);
            Thread.ofPlatform().daemon().name("fake-upstream-accept").start(u::acceptLoop);
            return u;
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the fake upstream socket: " + e.getMessage(), e);
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                open.add(s);
                Thread.ofVirtual().name("fake-upstream-conn").start(() -> serve(s));
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("fake upstream: accept failed: " + e.getMessage());
                }
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            ByteIn in = new ByteIn(s.getInputStream());
            OutputStream out = new BufferedOutputStream(s.getOutputStream(), 16 * 1024);
            byte[] body = new byte[4096];
            while (true) {
                String requestLine = in.readLine();
                if (requestLine == null) {
                    return;
                }
                if (requestLine.isEmpty()) {
                    continue;
                }
                int sp1 = requestLine.indexOf(' ');
                int sp2 = requestLine.indexOf(' ', sp1 + 1);
                if (sp1 < 0 || sp2 < 0) {
                    return;
                }
                String method = requestLine.substring(0, sp1);
                String path = requestLine.substring(sp1 + 1, sp2);
                ByteIn.Framing framing = in.headers(null);
                int length = Math.max(0, framing.length());
                boolean close = framing.close();
                if (framing.chunked()) {
                    length = 0;
                    for (int n = ByteIn.chunkSize(in.readLine()); n > 0; n = ByteIn.chunkSize(in.readLine())) {
                        body = ensure(body, length + n);
                        in.readFully(body, length, n);
                        length += n;
                        in.readLine();
                    }
                    for (String t = in.readLine(); t != null && !t.isEmpty(); t = in.readLine()) {
                        // trailers
                    }
                } else {
                    body = ensure(body, length);
                    in.readFully(body, 0, length);
                }
                UpstreamProfile.Reply reply = router.reply(method, path, UpstreamProfile.wantsStream(body, length));
                UpstreamProfile.pause(reply.delayNanos());
                write(out, reply, close);
                if (close) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the client went away or sent something we do not speak; drop the connection
        } finally {
            open.remove(s);
        }
    }

    private static void write(OutputStream out, UpstreamProfile.Reply r, boolean close) throws IOException {
        StringBuilder head = new StringBuilder(160).append("HTTP/1.1 ").append(r.status()).append(' ').append(r.reason()).append("\r\n");
        for (Map.Entry<String, String> h : r.headers().entrySet()) {
            head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        if (close) {
            head.append("Connection: close\r\n");
        }
        if (!r.streamed()) {
            head.append("Content-Type: application/json\r\nContent-Length: ").append(r.body().length).append("\r\n\r\n");
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(r.body());
            out.flush();
            return;
        }
        head.append("Content-Type: text/event-stream\r\nCache-Control: no-cache\r\nTransfer-Encoding: chunked\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
        boolean first = true;
        for (byte[] event : r.events()) {
            if (!first) {
                UpstreamProfile.pause(r.gapNanos());
            }
            first = false;
            out.write(Integer.toHexString(event.length).getBytes(StandardCharsets.US_ASCII));
            out.write(CRLF);
            out.write(event);
            out.write(CRLF);
            out.flush();
        }
        out.write(LAST_CHUNK);
        out.flush();
    }

    private static byte[] ensure(byte[] b, int n) {
        return b.length >= n ? b : java.util.Arrays.copyOf(b, Math.max(n, b.length * 2));
    }

    @Override
    public int port() {
        return server.getLocalPort();
    }

    @Override
    public String kind() {
        return "raw";
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
