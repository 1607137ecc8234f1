package dev.tollfree.core.adapter.commandcode;

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
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one CommandCode endpoint: the catalog's base URL is the full {@code /alpha/generate} URL and
 * is posted to as it is. Every call carries the client-version header the service insists on.
 */
final class CommandCodeHttp {
    /**
     * The {@code command-code} CLI version we present. CommandCode answers 426 to anything older
     * than 0.18.10 (or no header); a newer minimum needs a Tollfree release with a newer value.
     */
    static final String CLIENT_VERSION = "0.18.10";
    static final String VERSION_HEADER = "x-command-code-version";
    static final int MAX_ERROR_BODY = 64 * 1024;
    static final Duration ERROR_READ_TIMEOUT = Duration.ofSeconds(10);

    private final HttpTransport transport;
    private final InstantSource clock;

    CommandCodeHttp(HttpTransport transport, InstantSource clock) {
        this.transport = transport;
        this.clock = clock;
    }

    HttpCall generate(ProviderSpec provider, Credential credential, ObjectNode body) {
        HttpCall b = HttpCall.post(provider.baseUrl(), Json.bytes(body))
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .header(VERSION_HEADER, CLIENT_VERSION)
                .header("x-cli-environment", "production");
        if (!credential.anonymous()) {
            switch (provider.auth()) {
                case HEADER -> b.header(provider.authHeader().isEmpty() ? "Authorization" : provider.authHeader(), credential.secret());
                case BEARER, BEARER_WITH_ACCOUNT -> b.header("Authorization", "Bearer " + credential.secret());
                case NONE -> {
                    // a keyless entry with a key configured anyway: send nothing
                }
            }
        }
        return b;
    }

    /** A non-200 answer, decoded as for every provider; a 426 says plainly that the client version is too old. */
    UpstreamError httpError(HttpResponse<InputStream> response) {
        byte[] body = transport.readBounded(response.body(), MAX_ERROR_BODY, ERROR_READ_TIMEOUT);
        HeaderView headers = HeaderView.of(response);
        Instant now = clock.instant();
        RateLimitSnapshot limits = RateLimitDecoder.decode(headers, body, now, RateLimitSnapshot.Window.UNKNOWN);
        ProviderError decoded = ErrorDecoder.decode(response.statusCode(), body);
        if (response.statusCode() == 426) {
            decoded = upgradeRequired(decoded);
        }
        return new UpstreamError(UpstreamError.Kind.HTTP_STATUS, response.statusCode(), decoded,
                RetryHints.retryAfter(headers, body, now), RetryHints.isDailyLimit(headers, body), limits);
    }

    /** 426 Upgrade Required: the service no longer accepts {@link #CLIENT_VERSION}. Nothing a retry or another key can fix. */
    static ProviderError upgradeRequired(ProviderError said) {
        return new ProviderError("CommandCode refused client version " + CLIENT_VERSION + " as too old (HTTP 426 Upgrade Required)."
                + " Update Tollfree to a release that sends a newer " + VERSION_HEADER + " header."
                + " CommandCode said: " + said.message(), "upgrade_required", said.type(), Optional.of(VERSION_HEADER));
    }

    /** An in-band {@code {"type":"error","error":{"message","statusCode"}}} line (HTTP 200). */
    static UpstreamError inBandError(JsonNode event) {
        ProviderError decoded = ErrorDecoder.decode(200, Json.bytes(event));
        JsonNode status = event.path("error").path("statusCode");
        String code = decoded.code().isEmpty() && (status.isNumber() || status.isString()) ? status.asString() : decoded.code();
        return UpstreamError.inBand(UpstreamError.Kind.IN_BAND_ERROR, 200,
                new ProviderError(decoded.message(), code, decoded.type(), decoded.param()));
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
