package dev.tollfree.server;

import dev.tollfree.api.ApiError;
import dev.tollfree.api.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Typed reads of admin request bodies with 400s that name the field. */
final class Fields {
    private Fields() {}

    static String requiredString(ObjectNode body, String field) {
        return optionalString(body, field).filter(s -> !s.isBlank())
                .orElseThrow(() -> new ApiException(ApiError.invalidRequest(field, "Missing required parameter: '" + field + "'.")));
    }

    static Optional<String> optionalString(ObjectNode body, String field) {
        JsonNode n = body.path(field);
        if (n.isMissingNode() || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isString()) {
            throw new ApiException(ApiError.invalidRequest(field, "Invalid type for '" + field + "': expected a string."));
        }
        return Optional.of(n.stringValue());
    }

    static Optional<Boolean> optionalBoolean(ObjectNode body, String field) {
        JsonNode n = body.path(field);
        if (n.isMissingNode() || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isBoolean()) {
            throw new ApiException(ApiError.invalidRequest(field, "Invalid type for '" + field + "': expected a boolean."));
        }
        return Optional.of(n.booleanValue());
    }

    static List<String> stringList(ObjectNode body, String field) {
        JsonNode n = body.path(field);
        if (!n.isArray()) {
            throw new ApiException(ApiError.invalidRequest(field, "Invalid type for '" + field + "': expected an array of strings."));
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            if (!n.get(i).isString()) {
                throw new ApiException(ApiError.invalidRequest(field + "[" + i + "]", "Invalid type for '" + field + "[" + i + "]': expected a string."));
            }
            out.add(n.get(i).stringValue());
        }
        return out;
    }

    /** {@code {"rpm":..,"rpd":..,"tpm":..,"tpd":..}}, each a non-negative integer (0 = no limit). */
    static Optional<dev.tollfree.core.catalog.Limits> limits(ObjectNode body, String field) {
        JsonNode n = body.path(field);
        if (n.isMissingNode() || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isObject()) {
            throw new ApiException(ApiError.invalidRequest(field, "Invalid type for '" + field + "': expected an object with rpm, rpd, tpm and tpd."));
        }
        long[] v = new long[4];
        String[] names = {"rpm", "rpd", "tpm", "tpd"};
        for (var e : n.properties()) {
            int i = java.util.Arrays.asList(names).indexOf(e.getKey());
            if (i < 0) {
                throw new ApiException(ApiError.invalidRequest(field + "." + e.getKey(), "Unknown limit '" + e.getKey() + "'; expected rpm, rpd, tpm or tpd."));
            }
            if (!e.getValue().isIntegralNumber() || e.getValue().asLong() < 0) {
                throw new ApiException(ApiError.invalidRequest(field + "." + e.getKey(), "Invalid '" + field + "." + e.getKey() + "': expected a non-negative integer."));
            }
            v[i] = e.getValue().asLong();
        }
        return Optional.of(new dev.tollfree.core.catalog.Limits(v[0], v[1], v[2], v[3], false));
    }

    static long id(String raw) {
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new ApiException(ApiError.invalidRequest("id", "Invalid id '" + raw + "': expected an integer."));
        }
    }

    /** An {@link IllegalArgumentException} from a service is the caller's mistake: 400 with its message. */
    static ApiException badRequest(IllegalArgumentException e) {
        return new ApiException(ApiError.invalidRequest(null, e.getMessage()));
    }
}
