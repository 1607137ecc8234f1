package dev.tollfree.server;

import dev.tollfree.api.ApiError;
import dev.tollfree.api.ApiException;
import dev.tollfree.api.Json;
import dev.tollfree.core.routing.RouteTable;
import dev.tollfree.core.service.RoutingState;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code GET /v1/models} and {@code GET /v1/models/{id}}: {@code auto} plus everything servable now. */
final class ModelsHandler {
    private final Auth auth;
    private final RoutingState routing;

    ModelsHandler(Auth auth, RoutingState routing) {
        this.auth = auth;
        this.routing = routing;
    }

    void list(ServerRequest req, ServerResponse res) {
        auth.require(req);
        ObjectNode body = Json.object();
        body.put("object", "list");
        ArrayNode data = body.putArray("data");
        data.add(model(RouteTable.AUTO));
        for (String name : routing.table().publicNames()) {
            data.add(model(name));
        }
        Responses.json(res, 200, body);
    }

    void one(ServerRequest req, ServerResponse res) {
        auth.require(req);
        String id = req.path().pathParameters().get("id");
        if (!dev.tollfree.core.routing.Router.isAuto(id) && routing.table().named(id).isEmpty()) {
            throw new ApiException(ApiError.notFound("model_not_found", "The model '" + id + "' does not exist or has no enabled provider."));
        }
        Responses.json(res, 200, model(id));
    }

    private static ObjectNode model(String id) {
        ObjectNode m = Json.object();
        m.put("id", id);
        m.put("object", "model");
        m.put("created", 0);
        int slash = id.indexOf('/');
        m.put("owned_by", slash > 0 ? id.substring(0, slash) : "tollfree");
        return m;
    }
}
