package dev.tollfree.server;

import dev.tollfree.api.Json;
import dev.tollfree.core.service.RoutingState;
import dev.tollfree.core.store.Store;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /livez}: the process answers. {@code /readyz}: the store answers and some route can serve;
 * with a shared Redis, whether it answers too (the gateway stays ready without it, counting on its own).
 */
final class HealthHandler {
    private final Store store;
    private final RoutingState routing;
    private final java.util.function.Supplier<java.util.Optional<dev.tollfree.core.service.SharedStatus>> shared;

    HealthHandler(Store store, RoutingState routing, java.util.function.Supplier<java.util.Optional<dev.tollfree.core.service.SharedStatus>> shared) {
        this.store = store;
        this.routing = routing;
        this.shared = shared;
    }

    void live(ServerRequest req, ServerResponse res) {
        ObjectNode body = Json.object();
        body.put("status", "ok");
        Responses.json(res, 200, body);
    }

    void ready(ServerRequest req, ServerResponse res) {
        ObjectNode body = Json.object();
        try {
            store.settings().meta("routes_version");
        } catch (RuntimeException e) {
            body.put("status", "not_ready");
            body.put("reason", "the database does not answer");
            Responses.json(res, 503, body);
            return;
        }
        int routes = routing.table().chain().size();
        body.put("routes", routes);
        shared.get().ifPresent(s -> {
            ObjectNode o = body.putObject("shared_state");
            o.put("redis", s.reachable() ? "ok" : "unreachable");
            o.put("gateways", s.gateways());
            if (!s.reachable()) {
                o.put("note", "Redis does not answer: this gateway counts quota on its own with its share of each limit");
            }
        });
        if (routes == 0) {
            body.put("status", "not_ready");
            body.put("reason", "no provider is configured; add a provider key");
            Responses.json(res, 503, body);
            return;
        }
        body.put("status", "ready");
        Responses.json(res, 200, body);
    }
}
