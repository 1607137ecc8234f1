package dev.tollfree.server;

import dev.tollfree.api.ApiError;
import dev.tollfree.api.Json;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Renders JSON bodies and OpenAI-shaped errors. */
final class Responses {
    private Responses() {}

    static void json(ServerResponse res, int status, JsonNode body) {
        res.status(Status.create(status));
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.send(Json.bytes(body));
    }

    /** A JSON body already serialised. */
    static void json(ServerResponse res, int status, byte[] body) {
        res.status(Status.create(status));
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.send(body);
    }

    static void error(ServerResponse res, ApiError error, Map<String, String> headers) {
        if (res.isSent()) {
            return;
        }
        headers.forEach((k, v) -> res.header(HeaderNames.create(k), v));
        if (error.status() == 401) {
            res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer");
        }
        json(res, error.status(), error.toJson());
    }
}
