package dev.tollfree.core.adapter.anthropic;

import dev.tollfree.api.Json;
import dev.tollfree.core.adapter.Credential;
import dev.tollfree.core.adapter.ErrorDecoder;
import dev.tollfree.core.adapter.HeaderView;
import dev.tollfree.core.adapter.HttpCall;
import dev.tollfree.core.adapter.HttpTransport;
import dev.tollfree.core.adapter.ProviderError;
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
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * URLs, headers and error decoding for an Anthropic Messages API server. Every request carries
 * {@code anthropic-version}; the key goes in {@code x-api-key} (Anthropic's header) for
 * {@code bearer} entries, in the operator's header for {@code header} entries, nowhere for
 * {@code none}. No {@code Authorization} header is ever sent.
 */
final class AnthropicHttp {
    static final String VERSION = "2023-06-01";
    static final String KEY_HEADER = "x-api-key";
    static final int MAX_ERROR_BODY = 64 * 1024;
    static final int MAX_BODY = 32 * 1024 * 1024;
    static final Duration ERROR_READ_TIMEOUT = Duration.ofSeconds(10);
    /** {@code error.details.error_code} of a 429 that will not pass before the spend limit resets (monthly). */
    static final String SPEND_LIMIT = "enforced_spend_limit_reached";

    private final HttpTransport transport;
    private final InstantSource clock;

    AnthropicHttp(HttpTransport transport, InstantSource clock) {
        this.transport = transport;
        this.clock = clock;
    }

    HttpTransport transport() {
        return transport;
    }

    Instant now() {
        return clock.instant();
    }

    /** {@code POST {base}/messages}. */
    HttpCall messages(ProviderSpec provider, Credential credential, ObjectNode body, boolean stream) {
        HttpCall call = HttpCall.post(provider.baseUrl() + "/messages", Json.bytes(body))
                .header("content-type", "application/json")
                .header("accept", stream ? "text/event-stream" : "application/json")
                .header("anthropic-version", VERSION);
        return authorize(call, provider, credential);
    }

    HttpCall get(ProviderSpec provider, Credential credential, String pathAndQuery, Duration timeout) {
        HttpCall call = HttpCall.get(provider.baseUrl() + pathAndQuery)
                .header("anthropic-version", VERSION)
                .timeout(timeout);
        return authorize(call, provider, credential);
    }

    private static HttpCall authorize(HttpCall b, ProviderSpec provider, Credential credential) {
        if (credential.anonymous()) {
            return b;
        }
        switch (provider.auth()) {
            case HEADER -> b.header(provider.authHeader().isEmpty() ? KEY_HEADER : provider.authHeader(), credential.secret());
            case BEARER, BEARER_WITH_ACCOUNT -> b.header(KEY_HEADER, credential.secret());
            case NONE -> {
                // a keyless entry with a key configured anyway: send nothing
            }
        }
        return b;
    }

    /** A non-2xx answer as facts: Anthropic's error envelope, its limit headers, and any stated wait. */
    UpstreamError httpError(HttpResponse<InputStream> response) {
        byte[] body = transport.readBounded(response.body(), MAX_ERROR_BODY, ERROR_READ_TIMEOUT);
        HeaderView headers = HeaderView.of(response);
        Instant now = clock.instant();
        RateLimitSnapshot limits = AnthropicLimits.decode(headers, now);
        Optional<Duration> retryAfter = RetryHints.retryAfter(headers, body, now);
        if (retryAfter.isEmpty() && response.statusCode() == 429) {
            retryAfter = AnthropicLimits.exhaustedReset(limits, now);
        }
        ProviderError error = withDetailCode(ErrorDecoder.decode(response.statusCode(), body), body);
        boolean longLimit = SPEND_LIMIT.equals(error.code()) || RetryHints.isDailyLimit(headers, body);
        return new UpstreamError(UpstreamError.Kind.HTTP_STATUS, response.statusCode(), error, retryAfter, longLimit, limits);
    }

    /** Anthropic names special cases of an error type in {@code error.details.error_code}; it becomes the code. */
    static ProviderError withDetailCode(ProviderError decoded, byte[] body) {
        JsonNode root = Json.tryParse(body).orElse(MissingNode.getInstance());
        String code = root.path("error").path("details").path("error_code").asString("").strip();
        return code.isEmpty() ? decoded : new ProviderError(decoded.message(), code, decoded.type(), decoded.param());
    }

    /** A {@code {"type":"error","error":{…}}} object that arrived in a 200 body or as a stream event. */
    static UpstreamError inBandError(JsonNode event) {
        byte[] raw = Json.bytes(event);
        return UpstreamError.inBand(UpstreamError.Kind.IN_BAND_ERROR, 200, withDetailCode(ErrorDecoder.decode(200, raw), raw));
    }

    static UpstreamError malformed(String message, String code) {
        return UpstreamError.inBand(UpstreamError.Kind.MALFORMED, 200, new ProviderError(message, code, "", Optional.empty()));
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
