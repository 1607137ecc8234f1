package dev.tollfree.core.adapter;

import dev.tollfree.api.Json;
import dev.tollfree.core.catalog.AuthStyle;
import dev.tollfree.core.catalog.ProviderSpec;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/** HTTP plumbing shared by the OpenAI-compatible adapter and its key checks: URLs, auth, error decoding. */
final class UpstreamCalls {
    static final int MAX_BODY = 32 * 1024 * 1024;
    private static final int MAX_ERROR_BODY = 64 * 1024;
    private static final Duration ERROR_READ_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SMALL_CALL = Duration.ofSeconds(15);
    private static final int MAX_FAILED_GENERATION = 300;

    private final HttpTransport transport;
    private final InstantSource clock;

    UpstreamCalls(HttpTransport transport, InstantSource clock) {
        this.transport = transport;
        this.clock = clock;
    }

    HttpTransport transport() {
        return transport;
    }

    HttpCall post(ProviderSpec provider, ProviderDescriptor d, Credential credential, byte[] body, boolean stream) {
        HttpCall call = HttpCall.post(url(provider, credential, d.chatPath()), body)
                .header("Content-Type", "application/json")
                .header("Accept", stream ? "text/event-stream" : "application/json");
        return authorize(call, provider, d, credential);
    }

    /** A small authenticated GET (model list, key status); the body is read whole, bounded in size and time. */
    Answer get(ProviderSpec provider, ProviderDescriptor d, Credential credential, String path) {
        HttpCall request = authorize(HttpCall.get(url(provider, credential, path)), provider, d, credential)
                .header("Accept", "application/json").timeout(SMALL_CALL);
        return switch (transport.send(request, SMALL_CALL)) {
            case HttpTransport.Exchange.Failed f -> new Answer.Failed(f.error());
            case HttpTransport.Exchange.Response r -> r.response().statusCode() != 200
                    ? new Answer.Failed(httpError(r.response(), d))
                    : new Answer.Ok(Json.tryParse(transport.readBounded(r.response().body(), MAX_BODY, SMALL_CALL))
                            .orElse(MissingNode.getInstance()));
        };
    }

    /** The outcome of {@link #get}. */
    sealed interface Answer {
        record Ok(JsonNode body) implements Answer {}

        record Failed(UpstreamError error) implements Answer {}
    }

    /** Model ids from a list body: {@code data}, {@code result} or {@code models} envelopes, or a bare array. */
    static List<String> modelIds(JsonNode root, String idField) {
        JsonNode list = root.isArray() ? root : root.path("data");
        for (String envelope : new String[] {"result", "models"}) {
            list = list.isArray() ? list : root.path(envelope);
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode m : list) {
            String id = m.isString() ? m.stringValue()
                    : m.path(idField).asString(m.path("id").asString(m.path("name").asString("")));
            if (!id.isEmpty()) {
                ids.add(id);
            }
        }
        return ids;
    }

    /** Base URL (account id filled in) plus path; a path starting with {@code ../} climbs out of the base's path. */
    static String url(ProviderSpec provider, Credential credential, String path) {
        String base = provider.baseUrl();
        if (base.contains("{account_id}")) {
            base = base.replace("{account_id}", credential.accountId().orElse(""));
        }
        return path.startsWith("../") ? URI.create(base + "/").resolve(path).toString() : base + path;
    }

    static String authority(ProviderSpec provider) {
        try {
            String a = URI.create(provider.baseUrl().replace("{account_id}", "x")).getAuthority();
            return a == null ? provider.baseUrl() : a;
        } catch (IllegalArgumentException e) {
            return provider.baseUrl();
        }
    }

    private static HttpCall authorize(HttpCall b, ProviderSpec provider, ProviderDescriptor d, Credential credential) {
        if (credential.anonymous()) {
            return b; // keyless providers get no Authorization header at all
        }
        AuthStyle auth = d.authOverride().orElse(provider.auth());
        switch (auth) {
            case BEARER, BEARER_WITH_ACCOUNT -> b.header("Authorization", "Bearer " + credential.secret());
            case HEADER -> b.header(provider.authHeader(), credential.secret());
            case NONE -> {
                // a keyless provider with a key configured anyway: send nothing
            }
        }
        return b;
    }

    /** Decodes an error response: message, code, retry hints, limits; provider business codes tagged. */
    UpstreamError httpError(HttpResponse<InputStream> response, ProviderDescriptor d) {
        byte[] body = transport.readBounded(response.body(), MAX_ERROR_BODY, ERROR_READ_TIMEOUT);
        HeaderView headers = HeaderView.of(response);
        var now = clock.instant();
        RateLimitSnapshot limits = RateLimitDecoder.decode(headers, body, now, d.requestWindow());
        return new UpstreamError(UpstreamError.Kind.HTTP_STATUS, response.statusCode(),
                tagged(withFailedGeneration(ErrorDecoder.decode(response.statusCode(), body), body), d),
                RetryHints.retryAfter(headers, body, now),
                RetryHints.isDailyLimit(headers, body),
                limits);
    }

    RateLimitSnapshot limits(HttpResponse<InputStream> response, ProviderDescriptor d) {
        return RateLimitDecoder.decode(HeaderView.of(response), clock.instant(), d.requestWindow());
    }

    /**
     * Marks an error of a provider whose envelope has no {@code type} with the provider's namespace
     * ({@code cloudflare}, {@code zhipu}), so that its numeric business codes are read by the right table.
     */
    static ProviderError tagged(ProviderError e, ProviderDescriptor d) {
        if (d.errorNamespace().isEmpty() || !e.type().isEmpty() || e.code().isEmpty()) {
            return e;
        }
        return new ProviderError(e.message(), e.code(), d.errorNamespace(), e.param());
    }

    /** Groq's tool_use_failed carries the model's malformed call in {@code failed_generation}: it belongs in the message. */
    private static ProviderError withFailedGeneration(ProviderError e, byte[] body) {
        Optional<JsonNode> root = ErrorDecoder.root(ErrorDecoder.text(body));
        JsonNode failed = root.map(r -> r.path("error").path("failed_generation")).orElse(MissingNode.getInstance());
        if (!failed.isString() || failed.stringValue().isBlank()) {
            return e;
        }
        String text = failed.stringValue().strip();
        if (text.length() > MAX_FAILED_GENERATION) {
            text = text.substring(0, MAX_FAILED_GENERATION) + "…";
        }
        return new ProviderError(e.message() + " The model produced: " + text, e.code(), e.type(), e.param());
    }
}
