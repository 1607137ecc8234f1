package dev.tollfree.core.adapter;

import dev.tollfree.api.BoundedReads;
import dev.tollfree.api.Json;
import dev.tollfree.core.catalog.Catalog;
import dev.tollfree.core.catalog.ProviderSpec;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongSupplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Adapter for every provider that speaks OpenAI chat completions, driven by its
 * {@link ProviderDescriptor}: the request is rewritten to what the provider accepts, the answer
 * normalised to one shape (reasoning in {@code reasoning_content}), and failures hidden in 200s
 * reported as failures.
 */
public final class OpenAiCompatAdapter implements ProviderAdapter {
    private final UpstreamCalls calls;
    private final LongSupplier nanos;
    private final KeyValidator keys;

    public OpenAiCompatAdapter(HttpTransport transport, InstantSource clock, LongSupplier nanos) {
        this(transport, clock, nanos, id -> Catalog.builtIn().provider(id));
    }

    /**
     * @param providers finds a provider by id; key checks use it to reach a sibling host (a Zhipu key
     *                  tried on Z.ai and the other way round)
     */
    public OpenAiCompatAdapter(HttpTransport transport, InstantSource clock, LongSupplier nanos,
                               Function<String, Optional<ProviderSpec>> providers) {
        this.calls = new UpstreamCalls(transport, clock);
        this.nanos = nanos;
        this.keys = new KeyValidator(calls, providers, this::listModels);
    }

    @Override
    public ChatResult complete(UpstreamRequest req) {
        ProviderDescriptor d = Descriptors.of(req.provider());
        Optional<UpstreamError> refused = refusal(req, d);
        if (refused.isPresent()) {
            return new ChatResult.Failure(refused.get());
        }
        ObjectNode body = WebSearch.apply(RequestRewriter.rewrite(req.request().body(), req.model(), false, d), req);
        long start = nanos.getAsLong();
        HttpCall call = calls.post(req.provider(), d, req.credential(), req.request().bytesOf(body), false);
        HttpTransport.Exchange exchange = calls.transport().send(call, req.firstByteTimeout());
        return switch (exchange) {
            case HttpTransport.Exchange.Failed f -> new ChatResult.Failure(f.error());
            case HttpTransport.Exchange.Response r -> {
                long ttfb = (nanos.getAsLong() - start) / 1_000_000;
                HttpResponse<InputStream> response = r.response();
                if (response.statusCode() != 200) {
                    yield new ChatResult.Failure(calls.httpError(response, d));
                }
                yield parseCompletion(response, req, ttfb, d);
            }
        };
    }

    private ChatResult parseCompletion(HttpResponse<InputStream> response, UpstreamRequest req, long ttfb, ProviderDescriptor d) {
        byte[] raw = null;
        IOException broken = null;
        InputStream in = response.body();
        Watchdog.Watch watch = calls.transport().watchdog().watch(req.idleTimeout(), () -> HttpTransport.closeQuietly(in));
        try (in; watch) {
            raw = BoundedReads.readAll(in, HttpTransport.declaredLength(response), UpstreamCalls.MAX_BODY);
        } catch (IOException e) {
            broken = e;
        }
        // a body cut short by the watchdog is a stall, whatever the interrupted read then reported
        UpstreamError stalled = UpstreamError.transport(UpstreamError.Kind.IDLE_TIMEOUT,
                "the response body stalled for " + req.idleTimeout().toMillis() + " ms");
        if (broken != null) {
            return new ChatResult.Failure(watch.expired() ? stalled : HttpTransport.transportError(broken));
        }
        if (!d.verdictLeak()) {
            // the common answer: nothing to change, nothing wrong; sent on without building its tree
            Usage usage = CompletionScan.passThrough(raw);
            if (usage != null) {
                return ChatResult.Success.passThrough(raw, usage, calls.limits(response, d), ttfb);
            }
        }
        Optional<JsonNode> parsed = Json.tryParse(raw);
        if (parsed.isEmpty() || !(parsed.get() instanceof ObjectNode root)) {
            return new ChatResult.Failure(watch.expired() ? stalled : malformed(
                    "the provider answered 200 with a body that is not a JSON object", "malformed_body"));
        }
        ProviderError inBand = Normalizer.inBandError(root);
        if (inBand != null) {
            return new ChatResult.Failure(UpstreamError.inBand(UpstreamError.Kind.IN_BAND_ERROR, 200, UpstreamCalls.tagged(inBand, d)));
        }
        JsonNode message = root.path("choices").path(0).path("message");
        if (!message.isObject()) {
            return new ChatResult.Failure(malformed("the provider answered 200 without choices[0].message", "no_choices"));
        }
        boolean changed = false;
        for (JsonNode choice : root.path("choices")) {
            changed |= Normalizer.message(choice.path("message"));
        }
        if (!Normalizer.hasPayload(message)) {
            return new ChatResult.Failure(malformed("the provider answered 200 with an empty completion", "empty_completion"));
        }
        if (d.verdictLeak() && isBareVerdict(message)) {
            return new ChatResult.Failure(UpstreamError.inBand(UpstreamError.Kind.IN_BAND_ERROR, 200,
                    Normalizer.verdictError(message.path("content").stringValue())));
        }
        // unchanged by normalisation: the caller gets the provider's bytes, not a second serialisation
        return new ChatResult.Success(root, Normalizer.usage(root, Usage.NONE), calls.limits(response, d), ttfb,
                changed ? Optional.empty() : Optional.of(raw));
    }

    @Override
    public StreamStart openStream(UpstreamRequest req) {
        ProviderDescriptor d = Descriptors.of(req.provider());
        Optional<UpstreamError> refused = refusal(req, d);
        if (refused.isPresent()) {
            return new StreamStart.Failure(refused.get());
        }
        ObjectNode body = WebSearch.apply(RequestRewriter.rewrite(req.request().body(), req.model(), true, d), req);
        long start = nanos.getAsLong();
        HttpCall call = calls.post(req.provider(), d, req.credential(), req.request().bytesOf(body), true);
        HttpTransport.Exchange exchange = calls.transport().send(call, req.firstByteTimeout());
        return switch (exchange) {
            case HttpTransport.Exchange.Failed f -> new StreamStart.Failure(f.error());
            case HttpTransport.Exchange.Response r -> {
                HttpResponse<InputStream> response = r.response();
                if (response.statusCode() != 200) {
                    yield new StreamStart.Failure(calls.httpError(response, d));
                }
                yield OpenAiStream.open(response.body(), calls.transport().watchdog(), req.firstByteTimeout(),
                        req.idleTimeout(), calls.limits(response, d), start, nanos, d.verdictLeak());
            }
        };
    }

    @Override
    public ModelListing listModels(ProviderSpec provider, Credential credential) {
        ProviderDescriptor d = Descriptors.of(provider);
        return switch (calls.get(provider, d, credential, d.modelsPath())) {
            case UpstreamCalls.Answer.Failed f -> new ModelListing.Failure(f.error());
            case UpstreamCalls.Answer.Ok ok -> new ModelListing.Models(UpstreamCalls.modelIds(ok.body(), d.modelIdField()));
        };
    }

    @Override
    public KeyValidation validateKey(ProviderSpec provider, Credential credential) {
        long start = nanos.getAsLong();
        KeyValidation v = keys.validate(provider, credential, Descriptors.of(provider));
        return new KeyValidation(v.status(), v.detail(), (nanos.getAsLong() - start) / 1_000_000);
    }

    /** A free route whose id this provider would bill is never sent (OpenRouter, Kilo: ":free"). */
    private static Optional<UpstreamError> refusal(UpstreamRequest req, ProviderDescriptor d) {
        return d.paidRefusal(req.model()).map(why -> new UpstreamError(UpstreamError.Kind.HTTP_STATUS, 0,
                new ProviderError(why, "not_free_model", "refused_before_sending", Optional.of("model")),
                Optional.empty(), false, RateLimitSnapshot.EMPTY));
    }

    private static boolean isBareVerdict(JsonNode message) {
        return message.path("content").isString() && Normalizer.isVerdict(message.path("content").stringValue())
                && !Normalizer.hasPayload(((ObjectNode) message.deepCopy()).put("content", ""));
    }

    private static UpstreamError malformed(String message, String code) {
        return UpstreamError.inBand(UpstreamError.Kind.MALFORMED, 200, new ProviderError(message, code, "", Optional.empty()));
    }
}
