package dev.tollfree.server;

import dev.tollfree.api.Json;
import dev.tollfree.core.service.RoutingState;
import dev.tollfree.core.store.Store;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import tools.jackson.databind.node.ObjectNode;

/** {@code /livez}: the process answers. {@code /readyz}: the store answers and some route can serve. */
final class HealthHandler {
    private final Store store;
    private final RoutingState routing;

    HealthHandler(Store store, RoutingState routing) {
        this.store = store;
        this.routing = routing;
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
