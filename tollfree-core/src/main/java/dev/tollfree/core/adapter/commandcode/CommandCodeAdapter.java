package dev.tollfree.core.adapter.commandcode;

import dev.tollfree.core.adapter.ChatResult;
import dev.tollfree.core.adapter.Credential;
import dev.tollfree.core.adapter.HeaderView;
import dev.tollfree.core.adapter.HttpTransport;
import dev.tollfree.core.adapter.KeyValidation;
import dev.tollfree.core.adapter.ModelListing;
import dev.tollfree.core.adapter.ProviderAdapter;
import dev.tollfree.core.adapter.ProviderError;
import dev.tollfree.core.adapter.RateLimitDecoder;
import dev.tollfree.core.adapter.RateLimitSnapshot;
import dev.tollfree.core.adapter.StreamStart;
import dev.tollfree.core.adapter.UpstreamError;
import dev.tollfree.core.adapter.UpstreamRequest;
import dev.tollfree.core.catalog.ProviderSpec;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongSupplier;
import tools.jackson.databind.node.ObjectNode;

/**
 * CommandCode ({@code api.commandcode.ai/alpha/generate}, the backend of the {@code command-code}
 * CLI) behind the OpenAI-shaped seam. Requests become the CLI's JSON envelope
 * ({@link RequestTranslator}); the answer is always an NDJSON event stream
 * ({@link CommandCodeStream}, {@link StreamTranslator}), which a non-streaming call reads whole
 * ({@link CompletionAssembler}). There is no model list, so keys cannot be checked for free.
 */
public final class CommandCodeAdapter implements ProviderAdapter {
    static final String NO_MODEL_LIST = "CommandCode has no model-list endpoint: its models come from the catalog,"
            + " and a key can only be tested by a real (billed) generation";

    private final HttpTransport transport;
    private final InstantSource clock;
    private final LongSupplier nanos;
    private final CommandCodeHttp http;

    public CommandCodeAdapter(HttpTransport transport, InstantSource clock, LongSupplier nanos) {
        this.transport = transport;
        this.clock = clock;
        this.nanos = nanos;
        this.http = new CommandCodeHttp(transport, clock);
    }

    @Override
    public ChatResult complete(UpstreamRequest req) {
        StreamTranslator translator = translator(req);
        return switch (start(req, translator)) {
            case StreamStart.Failure f -> new ChatResult.Failure(f.error());
            case StreamStart.Started s -> CompletionAssembler.assemble(s.stream(), translator);
        };
    }

    @Override
    public StreamStart openStream(UpstreamRequest req) {
        return start(req, translator(req));
    }

    private StreamTranslator translator(UpstreamRequest req) {
        return new StreamTranslator(req.model().id(), clock.instant().getEpochSecond());
    }

    private StreamStart start(UpstreamRequest req, StreamTranslator translator) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        ObjectNode body = RequestTranslator.translate(req.request().body(), req.model(), today, UUID.randomUUID().toString());
        long start = nanos.getAsLong();
        HttpTransport.Exchange exchange = transport.send(http.generate(req.provider(), req.credential(), body), req.firstByteTimeout());
        return switch (exchange) {
            case HttpTransport.Exchange.Failed f -> new StreamStart.Failure(f.error());
            case HttpTransport.Exchange.Response r -> {
                HttpResponse<InputStream> response = r.response();
                if (response.statusCode() != 200) {
                    yield new StreamStart.Failure(http.httpError(response));
                }
                RateLimitSnapshot limits = RateLimitDecoder.decode(HeaderView.of(response), clock.instant());
                yield CommandCodeStream.open(response.body(), transport.watchdog(), req.firstByteTimeout(), req.idleTimeout(),
                        limits, translator, start, nanos);
            }
        };
    }

    /** No endpoint lists CommandCode's models: a typed failure, without a network call. */
    @Override
    public ModelListing listModels(ProviderSpec provider, Credential credential) {
        return new ModelListing.Failure(unsupported());
    }

    /** Never {@code invalid}: without a free endpoint the key is not sent anywhere, and its status stays unknown. */
    @Override
    public KeyValidation validateKey(ProviderSpec provider, Credential credential) {
        return KeyValidation.unknown(NO_MODEL_LIST, 0);
    }

    static UpstreamError unsupported() {
        return new UpstreamError(UpstreamError.Kind.HTTP_STATUS, 0,
                new ProviderError(NO_MODEL_LIST, "unsupported", "unsupported", Optional.empty()),
                Optional.empty(), false, RateLimitSnapshot.EMPTY);
    }
}
