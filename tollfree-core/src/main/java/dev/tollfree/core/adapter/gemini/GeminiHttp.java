package dev.tollfree.core.adapter.gemini;

import dev.tollfree.api.Json;
import dev.tollfree.core.adapter.Credential;
import dev.tollfree.core.adapter.ErrorDecoder;
import dev.tollfree.core.adapter.HeaderView;
import dev.tollfree.core.adapter.HttpCall;
import dev.tollfree.core.adapter.HttpTransport;
import dev.tollfree.core.adapter.ProviderError;
import dev.tollfree.core.adapter.RateLimitDecoder;
import dev.tollfree.core.adapter.RateLimitSnapshot;
import dev.tollfree.core.adapter.RetryHints;
import dev.tollfree.core.adapter.UpstreamError;
import dev.tollfree.core.catalog.ProviderSpec;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.ObjectNode;

/** URLs, authentication and error decoding for the native Gemini API. */
final class GeminiHttp {
    static final int MAX_ERROR_BODY = 64 * 1024;
    static final int MAX_BODY = 32 * 1024 * 1024;
    static final Duration ERROR_READ_TIMEOUT = Duration.ofSeconds(10);
    static final String DEFAULT_AUTH_HEADER = "x-goog-api-key";

    private final HttpTransport transport;
    private final InstantSource clock;

    GeminiHttp(HttpTransport transport, InstantSource clock) {
        this.transport = transport;
        this.clock = clock;
    }

    HttpTransport transport() {
        return transport;
    }

    Instant now() {
        return clock.instant();
    }

    /** {@code {base}/models/{model}:generateContent} or {@code :streamGenerateContent?alt=sse}. */
    HttpCall generate(ProviderSpec provider, Credential credential, String modelId, ObjectNode body, boolean stream) {
        String path = "/models/" + bareModel(modelId) + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
        HttpCall call = HttpCall.post(provider.baseUrl() + path, Json.bytes(body))
                .header("Content-Type", "application/json")
                .header("Accept", stream ? "text/event-stream" : "application/json");
        return authorize(call, provider, credential);
    }

    HttpCall get(ProviderSpec provider, Credential credential, String pathAndQuery, Duration timeout) {
        return authorize(HttpCall.get(provider.baseUrl() + pathAndQuery), provider, credential).timeout(timeout);
    }

    /** The model id without the {@code models/} prefix the API also accepts and returns. */
    static String bareModel(String id) {
        return id.startsWith("models/") ? id.substring("models/".length()) : id;
    }

    private static HttpCall authorize(HttpCall b, ProviderSpec provider, Credential credential) {
        if (credential.anonymous()) {
            return b;
        }
        switch (provider.auth()) {
            case HEADER -> b.header(provider.authHeader().isEmpty() ? DEFAULT_AUTH_HEADER : provider.authHeader(), credential.secret());
            case BEARER, BEARER_WITH_ACCOUNT -> b.header("Authorization", "Bearer " + credential.secret());
            case NONE -> {
                // a keyless entry with a key configured anyway: send nothing
            }
        }
        return b;
    }

    /**
     * A non-200 answer as the same facts {@code OpenAiCompatAdapter} reports. Google's
     * {@code ErrorInfo.reason} ({@code API_KEY_INVALID}, {@code SERVICE_DISABLED}) replaces the
     * numeric {@code error.code}, which only repeats the status.
     */
    UpstreamError httpError(HttpResponse<InputStream> response) {
        byte[] body = transport.readBounded(response.body(), MAX_ERROR_BODY, ERROR_READ_TIMEOUT);
        HeaderView headers = HeaderView.of(response);
        Instant now = clock.instant();
        RateLimitSnapshot limits = RateLimitDecoder.decode(headers, body, now, RateLimitSnapshot.Window.UNKNOWN);
        return new UpstreamError(UpstreamError.Kind.HTTP_STATUS, response.statusCode(),
                withReason(ErrorDecoder.decode(response.statusCode(), body), body),
                RetryHints.retryAfter(headers, body, now),
                RetryHints.isDailyLimit(headers, body),
                limits);
    }

    static ProviderError withReason(ProviderError decoded, byte[] body) {
        String reason = errorInfoReason(Json.tryParse(body).orElse(MissingNode.getInstance()));
        return reason.isEmpty() ? decoded : new ProviderError(decoded.message(), reason, decoded.type(), decoded.param());
    }

    /** {@code error.details[@type=…ErrorInfo].reason}; the body may be an object or a one-element array. */
    static String errorInfoReason(JsonNode root) {
        JsonNode error = (root.isArray() ? root.path(0) : root).path("error");
        for (JsonNode detail : error.path("details")) {
            String reason = detail.path("reason").asString("");
            if (detail.path("@type").asString("").endsWith("ErrorInfo") && !reason.isBlank()) {
                return reason.strip();
            }
        }
        return "";
    }

    static UpstreamError transportError(Throwable t) {
        String message = t == null ? "unknown transport failure"
                : t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        if (t instanceof java.net.ConnectException || t instanceof java.nio.channels.UnresolvedAddressException
                || t instanceof java.net.http.HttpConnectTimeoutException || t instanceof java.net.UnknownHostException) {
            return UpstreamError.transport(UpstreamError.Kind.CONNECT, message);
        }
        if (t instanceof java.net.http.HttpTimeoutException) {
            return UpstreamError.transport(UpstreamError.Kind.FIRST_BYTE_TIMEOUT, message);
        }
        return UpstreamError.transport(UpstreamError.Kind.CONNECTION_LOST, message);
    }

    static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing useful to do
        }
    }
}
