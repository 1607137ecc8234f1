package dev.tollfree.core.adapter;

import dev.tollfree.core.catalog.ProviderSpec;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * Runs a provider's {@link KeyCheck}. Says {@code invalid} only when the provider rejected the key;
 * transport trouble and checks that cannot prove anything say {@code unknown}, with the reason.
 * Latency is measured by the caller.
 */
final class KeyValidator {
    private final UpstreamCalls calls;
    private final Function<String, Optional<ProviderSpec>> providers;
    private final BiFunction<ProviderSpec, Credential, ModelListing> lister;

    KeyValidator(UpstreamCalls calls, Function<String, Optional<ProviderSpec>> providers,
                 BiFunction<ProviderSpec, Credential, ModelListing> lister) {
        this.calls = calls;
        this.providers = providers;
        this.lister = lister;
    }

    KeyValidation validate(ProviderSpec provider, Credential credential, ProviderDescriptor d) {
        return switch (d.keyCheck()) {
            case KeyCheck.ModelList list -> modelList(provider, credential, list.emptyMeansNoAccess());
            case KeyCheck.PublicModelList pub -> switch (lister.apply(provider, credential)) {
                case ModelListing.Models m -> KeyValidation.unknown(pub.why(), 0);
                case ModelListing.Failure f -> rejected(f.error()) ? KeyValidation.invalid(f.error().summary(), 0)
                        : KeyValidation.unknown(f.error().summary(), 0);
            };
            case KeyCheck.KeyEndpoint endpoint -> switch (calls.get(provider, d, credential, endpoint.path())) {
                case UpstreamCalls.Answer.Ok ok -> KeyValidation.valid(keyStatus(ok.body()), 0);
                case UpstreamCalls.Answer.Failed f -> failed(f.error());
            };
            case KeyCheck.TokenVerify verify -> tokenVerify(provider, credential, d, verify);
            case KeyCheck.SiblingHost sibling -> siblingHost(provider, credential, sibling.siblingProvider());
            case KeyCheck.NotApplicable na -> KeyValidation.unknown(na.why(), 0);
        };
    }

    private KeyValidation modelList(ProviderSpec provider, Credential credential, boolean emptyMeansNoAccess) {
        return switch (lister.apply(provider, credential)) {
            case ModelListing.Models m when m.ids().isEmpty() && emptyMeansNoAccess -> KeyValidation.invalid(
                    "the key was accepted but lists no models: it lacks the models:read permission", 0);
            case ModelListing.Models m -> KeyValidation.valid(m.ids().size() + " models listed", 0);
            case ModelListing.Failure f -> failed(f.error());
        };
    }

    /** Cloudflare: account-scoped tokens verify on the account route, user-scoped ones on the user route. */
    private KeyValidation tokenVerify(ProviderSpec provider, Credential credential, ProviderDescriptor d, KeyCheck.TokenVerify verify) {
        if (provider.baseUrl().contains("{account_id}") && credential.accountId().map(String::isBlank).orElse(true)) {
            return KeyValidation.invalid("no account id is stored with this key; Cloudflare needs it in every URL (add-key --account-id)", 0);
        }
        UpstreamError last = null;
        for (String path : verify.paths()) {
            switch (calls.get(provider, d, credential, path)) {
                case UpstreamCalls.Answer.Ok ok -> {
                    String status = ok.body().path("result").path("status").asString("");
                    return "active".equals(status) ? KeyValidation.valid("token active", 0)
                            : KeyValidation.invalid("token status: " + (status.isEmpty() ? "unknown" : status), 0);
                }
                case UpstreamCalls.Answer.Failed f -> {
                    if (f.error().status() == 404) {
                        return KeyValidation.invalid("the account id was not found: " + f.error().summary(), 0);
                    }
                    if (!rejected(f.error())) {
                        return KeyValidation.unknown(f.error().summary(), 0);
                    }
                    last = f.error();
                }
            }
        }
        return KeyValidation.invalid(last == null ? "no verify route answered" : last.summary(), 0);
    }

    /** Zhipu and Z.ai keys work on one host only: when this host rejects the key, ask the other one. */
    private KeyValidation siblingHost(ProviderSpec provider, Credential credential, String siblingId) {
        String host = UpstreamCalls.authority(provider);
        return switch (lister.apply(provider, credential)) {
            case ModelListing.Models m -> KeyValidation.valid(host + " accepted the key (" + m.ids().size() + " models listed)", 0);
            case ModelListing.Failure f when rejected(f.error()) -> {
                Optional<ProviderSpec> sibling = providers.apply(siblingId);
                if (sibling.isEmpty()) {
                    yield KeyValidation.invalid(host + " rejected the key: " + f.error().summary(), 0);
                }
                String other = UpstreamCalls.authority(sibling.get());
                yield switch (lister.apply(sibling.get(), credential)) {
                    case ModelListing.Models m -> KeyValidation.invalid(host + " rejected the key, but " + other
                            + " accepts it: add it to provider '" + siblingId + "' instead", 0);
                    case ModelListing.Failure g -> KeyValidation.invalid(host + " rejected the key ("
                            + f.error().summary() + "); " + other + " answered " + g.error().summary(), 0);
                };
            }
            case ModelListing.Failure f when f.error().status() == 404 -> KeyValidation.unknown(
                    host + " has no model list to check the key against: " + f.error().summary(), 0);
            case ModelListing.Failure f -> KeyValidation.unknown(host + ": " + f.error().summary(), 0);
        };
    }

    /** OpenRouter {@code GET /key}: {@code {"data":{"label","limit","is_free_tier",...}}}. */
    private static String keyStatus(JsonNode body) {
        JsonNode data = body.path("data");
        if (!data.isObject()) {
            return "key accepted";
        }
        String tier = data.path("is_free_tier").isBoolean() ? (data.path("is_free_tier").asBoolean() ? "; free tier" : "; paid tier") : "";
        String limit = data.path("limit").isNull() ? "; no credit limit"
                : data.path("limit").isNumber() ? "; credit limit " + data.path("limit").asString() : "";
        return "key accepted" + tier + limit;
    }

    private static KeyValidation failed(UpstreamError e) {
        return rejected(e) ? KeyValidation.invalid(e.summary(), 0) : KeyValidation.unknown(e.summary(), 0);
    }

    /** The provider said no to the key itself (401, 403, Cohere's 498). */
    private static boolean rejected(UpstreamError e) {
        return e.status() == 401 || e.status() == 403 || e.status() == 498;
    }
}
