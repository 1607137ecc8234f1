package dev.tollfree.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The fake upstream on the JDK's {@code com.sun.net.httpserver}, handlers on virtual threads. */
final class JdkUpstream implements Upstream {
    private final HttpServer server;
    private final ExecutorService executor;

    private JdkUpstream(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    static JdkUpstream start(UpstreamProfile profile) {
        UpstreamProfile.Router router = new UpstreamProfile.Router(profile);
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
            ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor();
            s.setExecutor(ex);
            s.createContext("/", exchange -> handle(router, exchange));
            s.start();
            return new JdkUpstream(s, ex);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the fake upstream socket: " + e.getMessage(), e);
        }
    }

    private static void handle(UpstreamProfile.Router router, HttpExchange x) throws IOException {
        try (x) {
            byte[] body = x.getRequestBody().readAllBytes();
            UpstreamProfile.Reply r = router.reply(x.getRequestMethod(), x.getRequestURI().getRawPath(),
                    UpstreamProfile.wantsStream(body, body.length));
            UpstreamProfile.pause(r.delayNanos());
            for (Map.Entry<String, String> h : r.headers().entrySet()) {
                x.getResponseHeaders().set(h.getKey(), h.getValue());
            }
            if (!r.streamed()) {
                x.getResponseHeaders().set("Content-Type", "application/json");
                x.sendResponseHeaders(r.status(), r.body().length);
                x.getResponseBody().write(r.body());
                return;
            }
            x.getResponseHeaders().set("Content-Type", "text/event-stream");
            x.sendResponseHeaders(r.status(), 0);
            OutputStream out = x.getResponseBody();
            boolean first = true;
            for (byte[] event : r.events()) {
                if (!first) {
                    UpstreamProfile.pause(r.gapNanos());
                }
                first = false;
                out.write(event);
                out.flush();
            }
        }
    }

    @Override
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public String kind() {
        return "jdk";
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
