package dev.tollfree.core.adapter.gemini;

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
import java.util.Locale;
import java.util.function.LongSupplier;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /models}, page by page ({@code pageToken} → {@code nextPageToken}), with the
 * {@code models/} prefix taken off the names; and key validation on top of it. Google answers a
 * bad key with 400 {@code API_KEY_INVALID} (not 401) and a disabled API or restricted key with
 * 403 {@code PERMISSION_DENIED}/{@code SERVICE_DISABLED}: both mean the key cannot be used.
 * Anything else (transport trouble, 429, 5xx) leaves the key's status unknown.
 */
final class ModelDirectory {
    static final Duration TIMEOUT = Duration.ofSeconds(15);
    static final int PAGE_SIZE = 1000;
    /** A guard against a server that keeps answering with a next page. */
    static final int MAX_PAGES = 20;

    private final GeminiHttp http;
    private final LongSupplier nanos;

    ModelDirectory(GeminiHttp http, LongSupplier nanos) {
        this.http = http;
        this.nanos = nanos;
    }

    ModelListing list(ProviderSpec provider, Credential credential) {
        List<String> ids = new ArrayList<>();
        String token = "";
        for (int page = 0; page < MAX_PAGES; page++) {
            String query = "/models?pageSize=" + PAGE_SIZE
                    + (token.isEmpty() ? "" : "&pageToken=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
            HttpTransport.Exchange exchange = http.transport().send(http.get(provider, credential, query, TIMEOUT), TIMEOUT);
            if (exchange instanceof HttpTransport.Exchange.Failed f) {
                return new ModelListing.Failure(f.error());
            }
            var response = ((HttpTransport.Exchange.Response) exchange).response();
            if (response.statusCode() != 200) {
                return new ModelListing.Failure(http.httpError(response));
            }
            byte[] raw = http.transport().readBounded(response.body(), GeminiHttp.MAX_BODY, TIMEOUT);
            JsonNode root = Json.tryParse(raw).orElse(null);
            if (root == null || !root.isObject()) {
                return new ModelListing.Failure(ResponseTranslator.malformed("the model list is not a JSON object", "malformed_body"));
            }
            for (JsonNode model : root.path("models")) {
                String id = GeminiHttp.bareModel(model.path("name").asString("").strip());
                if (!id.isEmpty()) {
                    ids.add(id);
                }
            }
            token = root.path("nextPageToken").asString("").strip();
            if (token.isEmpty()) {
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

    /** 401, 403, or a 400 that names the key (reason {@code API_KEY_INVALID}, "API key not valid", "API key expired"). */
    static boolean rejectsKey(UpstreamError e) {
        if (e.kind() != UpstreamError.Kind.HTTP_STATUS) {
            return false;
        }
        String text = (e.error().code() + " " + e.error().message()).toLowerCase(Locale.ROOT);
        return switch (e.status()) {
            case 401, 403 -> true;
            case 400 -> text.contains("api_key_invalid") || text.contains("api key not valid") || text.contains("api key expired");
            default -> false;
        };
    }
}
