package dev.tollfree.core.adapter.anthropic;

import dev.tollfree.api.BoundedReads;
import dev.tollfree.api.Json;
import dev.tollfree.core.adapter.ChatResult;
import dev.tollfree.core.adapter.Credential;
import dev.tollfree.core.adapter.HeaderView;
import dev.tollfree.core.adapter.HttpTransport;
import dev.tollfree.core.adapter.KeyValidation;
import dev.tollfree.core.adapter.ModelListing;
import dev.tollfree.core.adapter.ProviderAdapter;
import dev.tollfree.core.adapter.RateLimitSnapshot;
import dev.tollfree.core.adapter.StreamStart;
import dev.tollfree.core.adapter.UpstreamError;
import dev.tollfree.core.adapter.UpstreamRequest;
import dev.tollfree.core.adapter.Watchdog;
import dev.tollfree.core.catalog.ProviderSpec;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.InstantSource;
import java.util.Optional;
import java.util.function.LongSupplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Operator-defined providers that speak the Anthropic Messages API ({@code POST /messages},
 * {@code GET /models}) behind the OpenAI-shaped seam: a local proxy or any Anthropic-compatible
 * server. Requests are translated by {@link RequestTranslator}, answers by
 * {@link ResponseTranslator} and {@link StreamTranslator}; error bodies by the shared decoder and
 * the {@code anthropic-ratelimit-*} headers by {@link AnthropicLimits}.
 */
public final class AnthropicAdapter implements ProviderAdapter {
    private final HttpTransport transport;
    private final InstantSource clock;
    private final LongSupplier nanos;
    private final AnthropicHttp http;
    private final ModelDirectory directory;

    public AnthropicAdapter(HttpTransport transport, InstantSource clock, LongSupplier nanos) {
        this.transport = transport;
        this.clock = clock;
        this.nanos = nanos;
        this.http = new AnthropicHttp(transport, clock);
        this.directory = new ModelDirectory(http, nanos);
    }

    @Override
    public ChatResult complete(UpstreamRequest req) {
        ObjectNode body = RequestTranslator.translate(req.request().body(), req.model(), false);
        long start = nanos.getAsLong();
        HttpTransport.Exchange exchange = transport.send(http.messages(req.provider(), req.credential(), body, false),
                req.firstByteTimeout());
        return switch (exchange) {
            case HttpTransport.Exchange.Failed f -> new ChatResult.Failure(f.error());
            case HttpTransport.Exchange.Response r -> {
                long ttfb = (nanos.getAsLong() - start) / 1_000_000;
                HttpResponse<InputStream> response = r.response();
                if (response.statusCode() / 100 != 2) {
                    yield new ChatResult.Failure(http.httpError(response));
                }
                yield parseCompletion(response, req, ttfb);
            }
        };
    }

    private ChatResult parseCompletion(HttpResponse<InputStream> response, UpstreamRequest req, long ttfb) {
        byte[] raw = null;
        IOException broken = null;
        InputStream in = response.body();
        Watchdog.Watch watch = transport.watchdog().watch(req.idleTimeout(), () -> AnthropicHttp.closeQuietly(in));
        try (in; watch) {
            raw = BoundedReads.readAll(in, HttpTransport.declaredLength(response), AnthropicHttp.MAX_BODY);
        } catch (IOException e) {
            broken = e;
        }
        UpstreamError stalled = UpstreamError.transport(UpstreamError.Kind.IDLE_TIMEOUT,
                "the response body stalled for " + req.idleTimeout().toMillis() + " ms");
        if (broken != null) {
            return new ChatResult.Failure(watch.expired() ? stalled : AnthropicHttp.transportError(broken));
        }
        Optional<JsonNode> parsed = Json.tryParse(raw);
        if (parsed.isEmpty() || !(parsed.get() instanceof ObjectNode root)) {
            return new ChatResult.Failure(watch.expired() ? stalled
                    : AnthropicHttp.malformed("the provider answered 200 with a body that is not a JSON object", "malformed_body"));
        }
        RateLimitSnapshot limits = AnthropicLimits.decode(HeaderView.of(response), clock.instant());
        return ResponseTranslator.completion(root, req.model().id(), clock.instant().getEpochSecond(), limits, ttfb);
    }

    @Override
    public StreamStart openStream(UpstreamRequest req) {
        ObjectNode body = RequestTranslator.translate(req.request().body(), req.model(), true);
        long start = nanos.getAsLong();
        HttpTransport.Exchange exchange = transport.send(http.messages(req.provider(), req.credential(), body, true),
                req.firstByteTimeout());
        return switch (exchange) {
            case HttpTransport.Exchange.Failed f -> new StreamStart.Failure(f.error());
            case HttpTransport.Exchange.Response r -> {
                HttpResponse<InputStream> response = r.response();
                if (response.statusCode() / 100 != 2) {
                    yield new StreamStart.Failure(http.httpError(response));
                }
                RateLimitSnapshot limits = AnthropicLimits.decode(HeaderView.of(response), clock.instant());
                StreamTranslator translator = new StreamTranslator(req.model().id(), clock.instant().getEpochSecond());
                yield AnthropicStream.open(response.body(), transport.watchdog(), req.firstByteTimeout(),
                        req.idleTimeout(), limits, translator, start, nanos);
            }
        };
    }

    @Override
    public ModelListing listModels(ProviderSpec provider, Credential credential) {
        return directory.list(provider, credential);
    }

    @Override
    public KeyValidation validateKey(ProviderSpec provider, Credential credential) {
        return directory.validate(provider, credential);
    }
}
