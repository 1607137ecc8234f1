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
