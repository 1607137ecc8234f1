package dev.tollfree.core.adapter.anthropic;

import dev.tollfree.api.Json;
import dev.tollfree.core.adapter.Credential;
import dev.tollfree.core.adapter.HttpTransport;
import dev.tollfree.core.adapter.KeyValidation;
import dev.tollfree.core.adapter.ModelListing;
import dev.tollfree.core.adapter.UpstreamError;
import dev.tollfree.core.catalog.ProviderSpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /models?limit=1000}, page by page ({@code has_more} → {@code after_id=last_id}),
 * collecting {@code data[].id}; and key validation on top of it: 401 and 403 mean the key cannot
 * be used, anything else (transport trouble, 429, 5xx, a server without a model list) leaves the
 * key's status unknown.
 */
final class ModelDirectory {
    static final Duration TIMEOUT = Duration.ofSeconds(15);
    static final int PAGE_SIZE = 1000;
    /** A guard against a server that keeps answering {@code has_more: true}. */
    static final int MAX_PAGES = 20;

    private final AnthropicHttp http;
    private final LongSupplier nanos;

    ModelDirectory(AnthropicHttp http, LongSupplier nanos) {
        this.http = http;
        this.nanos = nanos;
    }

    ModelListing list(ProviderSpec provider, Credential credential) {
        List<String> ids = new ArrayList<>();
        String after = "";
        for (int page = 0; page < MAX_PAGES; page++) {
            String query = "/models?limit=" + PAGE_SIZE + (after.isEmpty() ? "" : "&after_id=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
            HttpTransport.Exchange exchange = http.transport().send(http.get(provider, credential, query, TIMEOUT), TIMEOUT);
            if (exchange instanceof HttpTransport.Exchange.Failed f) {
                return new ModelListing.Failure(f.error());
            }
            var response = ((HttpTransport.Exchange.Response) exchange).response();
            if (response.statusCode() != 200) {
                return new ModelListing.Failure(http.httpError(response));
            }
            byte[] raw = http.transport().readBounded(response.body(), AnthropicHttp.MAX_BODY, TIMEOUT);
            JsonNode root = Json.tryParse(raw).orElse(null);
            if (root == null || !root.isObject() || !root.path("data").isArray()) {
                return new ModelListing.Failure(AnthropicHttp.malformed("the model list is not an object with a data array", "malformed_body"));
            }
            String last = "";
            for (JsonNode model : root.path("data")) {
                String id = model.path("id").asString("").strip();
                if (!id.isEmpty()) {
                    ids.add(id);
                    last = id;
                }
            }
            after = root.path("last_id").asString(last).strip();
            if (!root.path("has_more").asBoolean(false) || after.isEmpty()) {
                break;
            }
        }
        return new ModelListing.Models(ids);
    }

    KeyValidation validate(ProviderSpec provider, Credential credential) {
        long start = nanos.getAsLong();
        ModelListing listing = list(provider, credential);
        long millis = (nanos.getAsLong() - start) / 1_000_000;
        return switch (listing) {
            case ModelListing.Models m -> KeyValidation.valid(m.ids().size() + " models listed", millis);
            case ModelListing.Failure f -> rejectsKey(f.error())
                    ? KeyValidation.invalid(f.error().summary(), millis)
                    : KeyValidation.unknown(f.error().summary(), millis);
        };
    }

    static boolean rejectsKey(UpstreamError e) {
        return e.kind() == UpstreamError.Kind.HTTP_STATUS && (e.status() == 401 || e.status() == 403);
    }
}
