package dev.tollfree.server;

import dev.tollfree.api.ApiError;
import dev.tollfree.api.ApiException;
import dev.tollfree.core.service.GatewayKeys;
import dev.tollfree.core.store.GatewayKey;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.util.Optional;

/** Caller authentication: {@code Authorization: Bearer <key>} or {@code x-api-key: <key>}. */
final class Auth {
    private static final io.helidon.http.HeaderName X_API_KEY = HeaderNames.create("x-api-key");

    private final GatewayKeys keys;

    Auth(GatewayKeys keys) {
        this.keys = keys;
    }

    GatewayKey require(ServerRequest req) {
        Optional<String> presented = presented(req);
        if (presented.isEmpty()) {
            throw new ApiException(ApiError.unauthorized(
                    "You didn't provide an API key. Send your Tollfree key as 'Authorization: Bearer tf-…' or 'x-api-key: tf-…'."));
        }
        return keys.authenticate(presented.get()).orElseThrow(() -> new ApiException(ApiError.unauthorized(
                "Incorrect API key provided. Check the key, or create one with `tollfree keys create`.")));
    }

    GatewayKey requireAdmin(ServerRequest req) {
        GatewayKey key = require(req);
        if (!key.admin()) {
            throw new ApiException(ApiError.forbidden("This key may not use the admin API; use an admin key (tollfree keys create --admin)."));
        }
        return key;
    }

    private static Optional<String> presented(ServerRequest req) {
        Optional<String> auth = req.headers().first(HeaderNames.AUTHORIZATION);
        if (auth.isPresent()) {
            String v = auth.get().strip();
            if (v.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return Optional.of(v.substring(7).strip());
            }
            return Optional.of(v);
        }
        return req.headers().first(X_API_KEY).map(String::strip);
    }
}
