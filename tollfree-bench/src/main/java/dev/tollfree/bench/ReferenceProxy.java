package dev.tollfree.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A proxy that does nothing but relay HTTP/1.1: the least any gateway on this machine must do.
 * It reads a request's framing (head, {@code Content-Length} body), writes it unchanged to a
 * kept-alive upstream connection of its own, and relays the answer, a whole body in one write or
 * a chunked stream chunk by chunk with a flush each (as the gateway relays events). No JSON, no
 * routing, no log. It runs as a separate JVM with the gateway's JVM flags on blocking sockets and
 * a virtual thread per connection, the gateway's model; measured beside direct and the gateway, it
 * separates what the topology costs (two more socket hops per request on the same cores) from what
 * the gateway's own work costs.
 */
final class ReferenceProxy implements AutoCloseable {
    private static final Duration START_LIMIT = Duration.ofSeconds(30);
    private static final byte[] CRLF = {'\r', '\n'};
    private static final int MAX_BODY = 16 * 1024 * 1024;

    private final Process process;
    private final int port;

    private ReferenceProxy(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /** Starts the proxy JVM in front of the upstream on {@code upstreamPort}; returns once a request went through it. */
    static ReferenceProxy start(Path java, List<String> jvmFlags, int upstreamPort, Path log) {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free local port: " + e.getMessage(), e);
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.addAll(jvmFlags);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Bench.class.getName(), "reference-proxy",
                "--port", Integer.toString(port), "--upstream-port", Integer.toString(upstreamPort), "--for", "180m"));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the reference proxy: " + e.getMessage(), e);
        }
        ReferenceProxy proxy = new ReferenceProxy(p, port);
        byte[] probe = HttpConn.post(port, "/v1/chat/completions", "", WireBodies.request(WireBodies.MODEL, false));
        HttpConn.Response r = new HttpConn.Response();
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("the reference proxy exited with status " + p.exitValue() + "; its log:\n" + GatewayProcess.tail(log));
            }
            try (HttpConn c = new HttpConn(port, 10_000)) {
                c.exchange(probe, r);
                if (r.status == 200) {
                    return proxy;
                }
            } catch (IOException e) {
                // not listening yet
            }
            GatewayProcess.sleepMillis(2);
        }
        proxy.close();
        throw new IllegalStateException("the reference proxy did not relay a request within " + START_LIMIT.toSeconds() + " s; its log:\n" + GatewayProcess.tail(log));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** {@code reference-proxy --port P --upstream-port U [--for D]}: the proxy process itself, stopping after {@code --for}. */
    static void run(String[] args) throws IOException {
        int port = -1;
        int upstream = -1;
        Duration life = Duration.ofMinutes(10);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[++i] : "";
            switch (a) {
                case "--port" -> port = Integer.parseInt(v);
                case "--upstream-port" -> upstream = Integer.parseInt(v);
                case "--for" -> life = Durations.parse(v, a);
                default -> throw new IllegalArgumentException("unknown option '" + a + "'; expected --port, --upstream-port or --for");
            }
        }
        if (port < 0 || upstream < 0) {
            throw new IllegalArgumentException("--port and --upstream-port are required");
        }
        ServerSocket server = new ServerSocket(port, 4096, InetAddress.getLoopbackAddress());
        Set<Socket> open = ConcurrentHashMap.newKeySet();
        int upstreamPort = upstream;
        Thread.ofPlatform().daemon().name("reference-proxy-accept").start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    s.setTcpNoDelay(true);
                    open.add(s);
                    Thread.ofVirtual().name("reference-proxy-conn").start(() -> {
                        try {
                            relay(s, upstreamPort);
                        } finally {
                            open.remove(s);
                        }
                    });
                } catch (IOException e) {
                    // closed, or a failed accept; the loop condition decides
                }
            }
        });
        System.out.println("reference proxy on 127.0.0.1:" + port + " in front of 127.0.0.1:" + upstream);
        GatewayProcess.sleepMillis(life.toMillis());
        server.close();
    }

    /** One caller connection, with its own upstream connection opened at the first request. */
    private static void relay(Socket client, int upstreamPort) {
        Socket up = null;
        try (client) {
            ByteIn in = new ByteIn(client.getInputStream());
            OutputStream out = new BufferedOutputStream(client.getOutputStream(), 16 * 1024);
            ByteIn upIn = null;
            OutputStream upOut = null;
            byte[] body = new byte[4096];
            StringBuilder head = new StringBuilder(512);
            while (true) {
                String line = in.readLine();
                if (line == null) {
                    return;
                }
                if (line.isEmpty()) {
                    continue;
                }
                head.setLength(0);
                head.append(line).append("\r\n");
                ByteIn.Framing framing = in.headers(head);
                if (framing.chunked()) {
                    out.write("HTTP/1.1 501 Not Implemented\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    return; // the load generator sends lengths; nothing else needs relaying here
                }
                int length = Math.max(0, framing.length());
                if (length > MAX_BODY) {
                    return;
                }
                head.append("\r\n");
                if (body.length < length) {
                    body = new byte[length];
                }
                in.readFully(body, 0, length);
                if (up == null) {
                    up = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                    up.setTcpNoDelay(true);
                    upIn = new ByteIn(up.getInputStream());
                    upOut = new BufferedOutputStream(up.getOutputStream(), 16 * 1024);
                }
                upOut.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                upOut.write(body, 0, length);
                upOut.flush();
                if (!answer(upIn, out)) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            // either side went away; drop both connections
        } finally {
            if (up != null) {
                try {
                    up.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
        }
    }

    /** Relays one answer; false when the upstream asked to close or the framing was unknown. */
    private static boolean answer(ByteIn upIn, OutputStream out) throws IOException {
        String status = upIn.readLine();
        if (status == null) {
            return false;
        }
        StringBuilder head = new StringBuilder(256).append(status).append("\r\n");
        ByteIn.Framing framing = upIn.headers(head);
        int length = framing.length();
        boolean chunked = framing.chunked();
        boolean close = framing.close();
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (chunked) {
            byte[] chunk = new byte[4096];
            while (true) {
                String sizeLine = upIn.readLine();
                int n = ByteIn.chunkSize(sizeLine);
                if (n == 0) {
                    for (String t = upIn.readLine(); t != null && !t.isEmpty(); t = upIn.readLine()) {
                        // trailers are not relayed
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    return !close;
                }
                if (chunk.length < n) {
                    chunk = new byte[n];
                }
                upIn.readFully(chunk, 0, n);
                upIn.readLine();
                out.write(Integer.toHexString(n).getBytes(StandardCharsets.US_ASCII));
                out.write(CRLF);
                out.write(chunk, 0, n);
                out.write(CRLF);
                out.flush();
            }
        }
        if (length < 0 || length > MAX_BODY) {
            return false;
        }
        byte[] body = new byte[length];
        upIn.readFully(body, 0, length);
        out.write(body);
        out.flush();
        return !close;
    }
}
