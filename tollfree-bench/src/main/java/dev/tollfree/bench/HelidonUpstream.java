package dev.tollfree.bench;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** The fake upstream on Helidon WebServer (the server the gateway itself uses), with or without TCP_NODELAY. */
final class HelidonUpstream implements Upstream {
    private final WebServer server;
    private final boolean noDelay;

    private HelidonUpstream(WebServer server, boolean noDelay) {
        this.server = server;
        this.noDelay = noDelay;
    }

    /**
     * @param noDelay set TCP_NODELAY on accepted connections; Helidon's default leaves it off, and
     *                then small writes on a kept-alive connection can wait for the client's delayed ACK
     */
    static HelidonUpstream start(UpstreamProfile profile, boolean noDelay) {
        UpstreamProfile.Router router = new UpstreamProfile.Router(profile);
        WebServer s = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .shutdownHook(false)
                .connectionOptions(o -> o.tcpNoDelay(noDelay))
                .routing(r -> r.any((req, res) -> handle(router, req, res)))
                .build()
                .start();
        return new HelidonUpstream(s, noDelay);
    }

    private static void handle(UpstreamProfile.Router router, ServerRequest req, ServerResponse res) {
        byte[] body = req.content().hasEntity() ? req.content().as(byte[].class) : new byte[0];
        UpstreamProfile.Reply r = router.reply(req.prologue().method().text(), req.path().rawPath(),
                UpstreamProfile.wantsStream(body, body.length));
        UpstreamProfile.pause(r.delayNanos());
        res.status(Status.create(r.status()));
        for (Map.Entry<String, String> h : r.headers().entrySet()) {
            res.header(HeaderNames.create(h.getKey()), h.getValue());
        }
        if (!r.streamed()) {
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send(r.body());
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
        try (OutputStream out = res.outputStream()) {
            boolean first = true;
            for (byte[] event : r.events()) {
                if (!first) {
                    UpstreamProfile.pause(r.gapNanos());
                }
                first = false;
                out.write(event);
                out.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public int port() {
        return server.port();
    }

    @Override
    public String kind() {
        return noDelay ? "helidon" : "helidon-default";
    }

    @Override
    public void close() {
        server.stop();
    }
}
