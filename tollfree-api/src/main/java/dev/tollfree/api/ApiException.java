package dev.tollfree.api;

import java.util.Map;

/**
 * The one exception that carries a client-facing error to the HTTP edge. Anything else that
 * reaches the edge is a bug and becomes a 500 without details.
 */
public final class ApiException extends RuntimeException {
    private final ApiError error;
    private final Map<String, String> headers;

    public ApiException(ApiError error) {
        this(error, Map.of());
    }

    public ApiException(ApiError error, Map<String, String> headers) {
        super(error.message(), null, false, false);
        this.error = error;
        this.headers = Map.copyOf(headers);
    }

    public ApiError error() {
        return error;
    }

    /** Extra response headers, e.g. {@code Retry-After}. */
    public Map<String, String> headers() {
        return headers;
    }
}
