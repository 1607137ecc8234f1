package dev.tollfree.server;

import dev.tollfree.api.ApiError;
import dev.tollfree.api.ApiException;
import dev.tollfree.core.log.RequestLogger;
import dev.tollfree.core.routing.Dispatcher;
import dev.tollfree.core.service.GatewayKeys;
import dev.tollfree.core.service.Models;
import dev.tollfree.core.service.ProviderKeys;
import dev.tollfree.core.service.RoutingState;
import dev.tollfree.core.store.Store;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http1.Http1Config;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/** The HTTP edge: public {@code /v1}, health, and the admin {@code /api}. */
public final class GatewayServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(GatewayServer.class.getName());

    /** Everything the edge needs, built by the composition root. */
    public record Components(
            ServerSettings settings,
            Store store,
            RoutingState routing,
            Dispatcher dispatcher,
            GatewayKeys gatewayKeys,
            ProviderKeys providerKeys,
            Models models,
            dev.tollfree.core.service.ModelDiscovery discovery,
            Optional<RequestLogger> requestLogger,
            dev.tollfree.core.quota.QuotaLedger ledger,
            dev.tollfree.core.service.CallerLimits callerLimits,
            dev.tollfree.core.routing.Cooldowns cooldowns,
            java.util.function.Supplier<Optional<dev.tollfree.core.service.SharedStatus>> shared,
            InstantSource clock,
            LongSupplier nanos) {}

    /** Quiet streams get an SSE comment this often; a failed write reveals a caller who left. */
    static final java.time.Duration KEEP_ALIVE = java.time.Duration.ofSeconds(2);

    private final WebServer server;
    private final KeepAlive keepAlive;

    private GatewayServer(WebServer server, KeepAlive keepAlive) {
        this.server = server;
        this.keepAlive = keepAlive;
    }

    /**
     * Initialises the web server's routing machinery (its service registry lookups are the slow
     * part of {@link #start}) so that start-up can do it on a second core while it opens the
     * database. Never throws: whatever fails here fails again, and is reported, in {@link #start}.
     */
    public static void preload() {
        try {
            HttpRouting.builder().build();
        } catch (RuntimeException | LinkageError e) {
            // reported by start
        }
    }

    public static GatewayServer start(Components c) {
        Auth auth = new Auth(c.gatewayKeys());
        KeepAlive keepAlive = new KeepAlive(c.nanos(), KEEP_ALIVE);
        ChatHandler chat = new ChatHandler(auth, c.dispatcher(), c.requestLogger(), c.settings().maxBodyBytes(), c.clock(), c.nanos(), keepAlive,
                new Admission(c.settings().maxInFlight(), c.settings().queueTimeout()), c.callerLimits(),
                c.settings().requestTimeout());
        ModelsHandler models = new ModelsHandler(auth, c.routing());
        HealthHandler health = new HealthHandler(c.store(), c.routing(), c.shared());
        AdminApi admin = new AdminApi(auth, c.gatewayKeys(), c.providerKeys(), c.models(), c.discovery(), c.routing(),
                c.store().requestLog(), c.ledger(), c.cooldowns(), c.settings().maxBodyBytes());
        WebServer server = WebServer.builder()
                .host(c.settings().host())
                .port(c.settings().port())
                .shutdownHook(false)
                .maxPayloadSize(-1)
                // Streams are many small flushed writes: with Nagle's algorithm on, each waits for
                // the previous one's (delayed) ACK, which put 40 ms before the first token.
                .connectionOptions(o -> o.tcpNoDelay(true))
                // the packet logs only ever print at TRACE/DEBUG, but their listener asks on every read and write
                .addProtocol(Http1Config.builder().sendLog(false).receiveLog(false)
                        // HostHeader checks the same per request without a regular expression
                        .validateRequestHostHeader(false)
                        // HTTP/1.1 connections persist without it; with it every answer carries the
                        // header and the server then parses it back out of each answer's headers
                        .sendKeepAliveHeader(false).build())
                .routing(r -> {
                    r.addFilter((chain, req, res) -> {
                        if (HostHeader.check(req, res)) {
                            chain.proceed();
                        }
                    });
                    r.post("/v1/chat/completions", chat::handle)
                            .post("/v1/chat/completions/web-search", chat::handleWebSearch)
                            .get("/v1/models", models::list)
                            .get("/v1/models/{+id}", models::one)
                            .get("/livez", health::live)
                            .get("/readyz", health::ready);
                    admin.register(r);
                    r.any((req, res) -> {
                        throw new ApiException(ApiError.notFound("unknown_url",
                                "Unknown request URL: " + req.prologue().method().text() + " " + req.path().path() + "."));
                    });
                    errors(r);
                })
                .build()
                .start();
        return new GatewayServer(server, keepAlive);
    }

    private static void errors(HttpRouting.Builder r) {
        r.error(ApiException.class, (req, res, e) -> Responses.error(res, e.error(), e.headers()));
        r.error(Throwable.class, (req, res, e) -> {
            LOG.log(System.Logger.Level.ERROR, "unexpected failure on " + req.path().path() + ": " + e.getClass().getName() + ": " + e.getMessage(), e);
            Responses.error(res, ApiError.internal("Tollfree hit an internal error; the request id is in the x-request-id header and the server log has details."), Map.of());
        });
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop();
        keepAlive.close();
    }
}
