package dev.tollfree.api;

import tools.jackson.databind.node.ObjectNode;

/**
 * A client-facing error in the OpenAI envelope: {@code {"error":{"message","type","param","code"}}}.
 * {@code param} and {@code code} may be null, as in OpenAI's own bodies.
 */
public record ApiError(int status, String type, String code, String message, String param) {

    public ApiError {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("error status must be 4xx or 5xx, got " + status);
        }
        if (type == null || message == null) {
            throw new IllegalArgumentException("type and message are required");
        }
    }

    public static ApiError invalidRequest(String param, String message) {
        return new ApiError(400, "invalid_request_error", param == null ? "invalid_request" : "invalid_value", message, param);
    }

    public static ApiError unauthorized(String message) {
        return new ApiError(401, "authentication_error", "invalid_api_key", message, null);
    }

    public static ApiError forbidden(String message) {
        return new ApiError(403, "permission_error", "forbidden", message, null);
    }

    public static ApiError notFound(String code, String message) {
        return new ApiError(404, "not_found_error", code, message, null);
    }

    public static ApiError tooLarge(String message) {
        return new ApiError(413, "invalid_request_error", "request_too_large", message, null);
    }

    public static ApiError unprocessable(String code, String message, String param) {
        return new ApiError(422, "invalid_request_error", code, message, param);
    }

    public static ApiError internal(String message) {
        return new ApiError(500, "server_error", "internal_error", message, null);
    }

    public ObjectNode toJson() {
        ObjectNode root = Json.object();
        ObjectNode error = root.putObject("error");
        error.put("message", message);
        error.put("type", type);
        if (param == null) {
            error.putNull("param");
        } else {
            error.put("param", param);
        }
        if (code == null) {
            error.putNull("code");
        } else {
            error.put("code", code);
        }
        return root;
    }
}
