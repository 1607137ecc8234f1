package dev.tollfree.core.adapter;

import dev.tollfree.api.Json;
import dev.tollfree.core.catalog.AuthStyle;
import dev.tollfree.core.catalog.ProviderSpec;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Adapter for every provider that speaks OpenAI chat completions, driven by its descriptor. */
public final class OpenAiCompatAdapter implements ProviderAdapter {
    private static final int MAX_ERROR_BODY = 64 * 1024;
    private static final int MAX_BODY = 32 * 1024 * 1024;
    private static final Duration ERROR_READ_TIMEOUT = Duration.ofSeconds(10);

    private final HttpTransport transport;
    private final InstantSource clock;
    private final LongSupplier nanos;

    public OpenAiCompatAdapter(HttpTransport transport, InstantSource clock, LongSupplier nanos) {
        this.transport = transport;
        this.clock = clock;
        this.nanos = nanos;
    }

    @Override
    public ChatResult complete(UpstreamRequest req) {
        ProviderDescriptor d = Descriptors.of(req.provider());
        ObjectNode body = RequestRewriter.rewrite(req.request().body(), req.model().id(), false, d);
        long start = nanos.getAsLong();
        HttpTransport.Exchange exchange = transport.send(post(req.provider(), d, d.chatPath(), req.credential(), body, false), req.firstByteTimeout());
        return switch (exchange) {
            case HttpTransport.Exchange.Failed f -> new ChatResult.Failure(f.error());
            case HttpTransport.Exchange.Response r -> {
                long ttfb = (nanos.getAsLong() - start) / 1_000_000;
                HttpResponse<InputStream> response = r.response();
                if (response.statusCode() != 200) {
                    yield new ChatResult.Failure(httpError(response));
                }
                yield parseCompletion(response, req, ttfb);
            }
        };
    }

    private ChatResult parseCompletion(HttpResponse<InputStream> response, UpstreamRequest req, long ttfb) {
        byte[] raw = null;
        IOException broken = null;
        InputStream in = response.body();
        Watchdog.Watch watch = transport.watchdog().watch(req.idleTimeout(), () -> HttpTransport.closeQuietly(in));
        try (in; watch) {
            raw = in.readNBytes(MAX_BODY);
        } catch (IOException e) {
            broken = e;
        }
        // a body cut short by the watchdog is a stall, whatever the interrupted read then reported
        UpstreamError stalled = UpstreamError.transport(UpstreamError.Kind.IDLE_TIMEOUT,
                "the response body stalled for " + req.idleTimeout().toMillis() + " ms");
        if (broken != null) {
            return new ChatResult.Failure(watch.expired() ? stalled : HttpTransport.transportError(broken));
        }
        Optional<JsonNode> parsed = Json.tryParse(raw);
        if (parsed.isEmpty() || !(parsed.get() instanceof ObjectNode root)) {
            return new ChatResult.Failure(watch.expired() ? stalled : UpstreamError.inBand(UpstreamError.Kind.MALFORMED, 200,
                    new ProviderError("the provider answered 200 with a body that is not a JSON object", "malformed_body", "", Optional.empty())));
        }
        ProviderError inBand = Normalizer.inBandError(root);
        if (inBand != null) {
            return new ChatResult.Failure(UpstreamError.inBand(UpstreamError.Kind.IN_BAND_ERROR, 200, inBand));
        }
        JsonNode message = root.path("choices").path(0).path("message");
        if (!message.isObject()) {
            return new ChatResult.Failure(UpstreamError.inBand(UpstreamError.Kind.MALFORMED, 200,
                    new ProviderError("the provider answered 200 without choices[0].message", "no_choices", "", Optional.empty())));
        }
        Normalizer.reasoningField(message);
        if (!Normalizer.hasPayload(message)) {
            return new ChatResult.Failure(UpstreamError.inBand(UpstreamError.Kind.MALFORMED, 200,
                    new ProviderError("the provider answered 200 with an empty completion", "empty_completion", "", Optional.empty())));
        }
        RateLimitSnapshot limits = RateLimitDecoder.decode(new HeaderView(response.headers().map()), clock.instant());
        return new ChatResult.Success(root, Normalizer.usage(root, Usage.NONE), limits, ttfb);
    }

    @Override
    public StreamStart openStream(UpstreamRequest req) {
        ProviderDescriptor d = Descriptors.of(req.provider());
        ObjectNode body = RequestRewriter.rewrite(req.request().body(), req.model().id(), true, d);
        long start = nanos.getAsLong();
        HttpTransport.Exchange exchange = transport.send(post(req.provider(), d, d.chatPath(), req.credential(), body, true), req.firstByteTimeout());
        return switch (exchange) {
            case HttpTransport.Exchange.Failed f -> new StreamStart.Failure(f.error());
            case HttpTransport.Exchange.Response r -> {
                HttpResponse<InputStream> response = r.response();
                if (response.statusCode() != 200) {
                    yield new StreamStart.Failure(httpError(response));
                }
                long remainingNanos = req.firstByteTimeout().toNanos() - (nanos.getAsLong() - start);
                RateLimitSnapshot limits = RateLimitDecoder.decode(new HeaderView(response.headers().map()), clock.instant());
                yield OpenAiStream.open(response.body(), transport.watchdog(), Duration.ofNanos(Math.max(1, remainingNanos)),
                        req.idleTimeout(), limits, start, nanos);
            }
        };
    }

    @Override
    public ModelListing listModels(ProviderSpec provider, Credential credential) {
        ProviderDescriptor d = Descriptors.of(provider);
        HttpRequest request = authorize(HttpTransport.request(url(provider, credential, d.modelsPath())), provider, d, credential)
                .timeout(Duration.ofSeconds(15)).GET().build();
        HttpTransport.Exchange exchange = transport.send(request, Duration.ofSeconds(15));
        return switch (exchange) {
            case HttpTransport.Exchange.Failed f -> new ModelListing.Failure(f.error());
            case HttpTransport.Exchange.Response r -> {
                if (r.response().statusCode() != 200) {
                    yield new ModelListing.Failure(httpError(r.response()));
                }
                byte[] raw = transport.readBounded(r.response().body(), MAX_BODY, Duration.ofSeconds(15));
                JsonNode root = Json.tryParse(raw).orElse(Json.object());
                JsonNode list = root.isArray() ? root : root.path("data");
                List<String> ids = new ArrayList<>();
                for (JsonNode m : list) {
                    String id = m.path("id").asString(m.path("name").asString(""));
                    if (!id.isEmpty()) {
                        ids.add(id);
                    }
                }
                yield new ModelListing.Models(ids);
            }
        };
    }

    @Override
    public KeyValidation validateKey(ProviderSpec provider, Credential credential) {
        long start = nanos.getAsLong();
        ModelListing listing = listModels(provider, credential);
        long millis = (nanos.getAsLong() - start) / 1_000_000;
        return switch (listing) {
            case ModelListing.Models m -> KeyValidation.valid(m.ids().size() + " models listed", millis);
            case ModelListing.Failure f -> switch (f.error().status()) {
                case 401, 403 -> KeyValidation.invalid(f.error().summary(), millis);
                default -> KeyValidation.unknown(f.error().summary(), millis);
            };
        };
    }

    private HttpRequest post(ProviderSpec provider, ProviderDescriptor d, String path, Credential credential, ObjectNode body, boolean stream) {
        HttpRequest.Builder b = HttpTransport.request(url(provider, credential, path))
                .header("Content-Type", "application/json")
                .header("Accept", stream ? "text/event-stream" : "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body)));
        return authorize(b, provider, d, credential).build();
    }

    private static String url(ProviderSpec provider, Credential credential, String path) {
        String base = provider.baseUrl();
        if (base.contains("{account_id}")) {
            base = base.replace("{account_id}", credential.accountId().orElse(""));
        }
        return base + path;
    }

    private static HttpRequest.Builder authorize(HttpRequest.Builder b, ProviderSpec provider, ProviderDescriptor d, Credential credential) {
        if (credential.anonymous()) {
            return b; // keyless providers get no Authorization header at all
        }
        AuthStyle auth = d.authOverride() != null ? d.authOverride() : provider.auth();
        switch (auth) {
            case BEARER, BEARER_WITH_ACCOUNT -> b.header("Authorization", "Bearer " + credential.secret());
            case HEADER -> b.header(provider.authHeader(), credential.secret());
            case NONE -> {
                // a keyless provider with a key configured anyway: send nothing
            }
        }
        return b;
    }

    private UpstreamError httpError(HttpResponse<InputStream> response) {
        byte[] body = transport.readBounded(response.body(), MAX_ERROR_BODY, ERROR_READ_TIMEOUT);
        HeaderView headers = new HeaderView(response.headers().map());
        var now = clock.instant();
        RateLimitSnapshot limits = RateLimitDecoder.decode(headers, now);
        if (limits.isEmpty()) {
            limits = RateLimitDecoder.decodeBody(body, now);
        }
        return new UpstreamError(UpstreamError.Kind.HTTP_STATUS, response.statusCode(),
                ErrorDecoder.decode(response.statusCode(), body),
                RetryHints.retryAfter(headers, body, now),
                RetryHints.isDailyLimit(headers, body),
                limits);
    }
}
