package dev.tollfree.core.routing;

import dev.tollfree.core.adapter.UpstreamError;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Maps the facts of a failed call to a {@link FailureClass}. Pure; order of checks matters. */
public final class FailureClassifier {
    /**
     * Cloudflare v4 envelope codes (cloudflare-workers-ai.md "Errors"); the adapter tags such errors
     * with type {@code cloudflare}. 3036 is the daily neuron allocation, 3040 a capacity shortage,
     * 7003 a wrong account id in the URL (part of the stored key), 10000 a bad or under-scoped token.
     */
    private static final Map<String, FailureClass> CLOUDFLARE = Map.ofEntries(
            Map.entry("3036", FailureClass.DAILY_CAP), Map.entry("3040", FailureClass.TRANSIENT),
            Map.entry("10000", FailureClass.CREDENTIAL), Map.entry("7003", FailureClass.CREDENTIAL),
            Map.entry("3023", FailureClass.CREDENTIAL), Map.entry("5007", FailureClass.MODEL_GONE),
            Map.entry("3042", FailureClass.MODEL_GONE), Map.entry("5016", FailureClass.MODEL_FORBIDDEN),
            Map.entry("5018", FailureClass.MODEL_FORBIDDEN), Map.entry("3041", FailureClass.MODEL_FORBIDDEN),
            Map.entry("3006", FailureClass.CONTEXT_TOO_LARGE), Map.entry("3007", FailureClass.TRANSIENT),
            Map.entry("3008", FailureClass.TRANSIENT));

    /** Zhipu / Z.ai business codes (zhipu-zai.md "Errors"); the adapter tags such errors with type {@code zhipu}. */
    private static final Map<String, FailureClass> ZHIPU = Map.ofEntries(
            Map.entry("1000", FailureClass.CREDENTIAL), Map.entry("1001", FailureClass.CREDENTIAL),
            Map.entry("1002", FailureClass.CREDENTIAL), Map.entry("1003", FailureClass.CREDENTIAL),
            Map.entry("1004", FailureClass.CREDENTIAL), Map.entry("1110", FailureClass.CREDENTIAL),
            Map.entry("1111", FailureClass.CREDENTIAL), Map.entry("1112", FailureClass.CREDENTIAL),
            Map.entry("1120", FailureClass.CREDENTIAL), Map.entry("1121", FailureClass.CREDENTIAL),
            Map.entry("1113", FailureClass.OUT_OF_CREDITS), Map.entry("1309", FailureClass.OUT_OF_CREDITS),
            Map.entry("1211", FailureClass.MODEL_GONE), Map.entry("1221", FailureClass.MODEL_GONE),
            Map.entry("1222", FailureClass.MODEL_GONE), Map.entry("1220", FailureClass.MODEL_FORBIDDEN),
            Map.entry("1261", FailureClass.CONTEXT_TOO_LARGE), Map.entry("1300", FailureClass.CONTENT_POLICY),
            Map.entry("1301", FailureClass.CONTENT_POLICY), Map.entry("1302", FailureClass.RATE_LIMIT),
            Map.entry("1303", FailureClass.RATE_LIMIT), Map.entry("1305", FailureClass.RATE_LIMIT),
            Map.entry("1231", FailureClass.RATE_LIMIT), Map.entry("1304", FailureClass.DAILY_CAP),
            Map.entry("1308", FailureClass.DAILY_CAP), Map.entry("1230", FailureClass.TRANSIENT),
            Map.entry("1234", FailureClass.TRANSIENT), Map.entry("500", FailureClass.TRANSIENT));

    private static final Map<String, Map<String, FailureClass>> BY_NAMESPACE = Map.of("cloudflare", CLOUDFLARE, "zhipu", ZHIPU);

    private FailureClassifier() {}

    public static FailureClass classify(UpstreamError e) {
        if ("not_free_model".equals(e.error().code())) {
            return FailureClass.REJECTED_REQUEST; // refused unsent: the route would be billed (OpenRouter, Kilo)
        }
        Optional<FailureClass> byCode = providerCode(e);
        if (byCode.isPresent() && e.kind() != UpstreamError.Kind.CANCELLED) {
            return byCode.get();
        }
        return switch (e.kind()) {
            case CANCELLED -> FailureClass.CANCELLED;
            case CONNECT, FIRST_BYTE_TIMEOUT, IDLE_TIMEOUT, CONNECTION_LOST -> FailureClass.TRANSIENT;
            case IN_BAND_ERROR -> inBand(e);
            case MALFORMED -> FailureClass.BAD_RESPONSE;
            case HTTP_STATUS -> byStatus(e);
        };
    }

    /** A business code read in the table of the provider the adapter named in the error's type. */
    private static Optional<FailureClass> providerCode(UpstreamError e) {
        Map<String, FailureClass> table = BY_NAMESPACE.get(e.error().type());
        return table == null ? Optional.empty() : Optional.ofNullable(table.get(e.error().code()));
    }

    private static FailureClass inBand(UpstreamError e) {
        String type = e.error().type();
        if (type.equals("overloaded_error") || type.equals("api_error")) {
            return FailureClass.TRANSIENT; // Anthropic-style server trouble reported inside a stream or a 200
        }
        String text = text(e);
        if ("network_error".equals(e.error().code())) {
            return FailureClass.TRANSIENT; // Zhipu: abnormal end of generation, reported only as finish_reason
        }
        if (e.error().code().contains("content_filter") || e.error().code().contains("content_policy")) {
            return FailureClass.CONTENT_POLICY;
        }
        if (mentionsContext(text)) {
            return FailureClass.CONTEXT_TOO_LARGE;
        }
        if (text.contains("rate limit") || text.contains("rate_limit") || text.contains("quota")) {
            return FailureClass.RATE_LIMIT;
        }
        return FailureClass.BAD_RESPONSE;
    }

    private static FailureClass byStatus(UpstreamError e) {
        String text = text(e);
        int status = e.status();
        if (status == 429 && (text.contains("insufficient_quota") || text.contains("exceeded_current_quota")
                || text.contains("enforced_spend_limit_reached"))) {
            return FailureClass.OUT_OF_CREDITS; // OpenAI / Moonshot: the account has no credit left, waiting will not help
        }
        if (status == 400 && (text.contains("api_key_invalid") || text.contains("api key not valid"))) {
            return FailureClass.CREDENTIAL; // Google answers a bad key with 400, not 401
        }
        if ((status == 400 || status == 422) && "tool_use_failed".equals(e.error().code())) {
            return FailureClass.REJECTED_REQUEST; // Groq failed_generation: the model wrote a malformed call; whatever it wrote
        }
        if (status == 400 && text.contains("degraded function cannot be invoked")) {
            return FailureClass.TRANSIENT; // NVIDIA: the deployment is sick, not the request
        }
        if (status == 404 && text.contains("not found for account")) {
            return FailureClass.MODEL_FORBIDDEN; // NVIDIA: per-account availability, not a retirement
        }
        if (status == 429 || (status == 503 && text.contains("quota"))) {
            return e.dailyLimit() ? FailureClass.DAILY_CAP : FailureClass.RATE_LIMIT;
        }
        if (status == 498 && text.contains("capacity")) {
            return FailureClass.RATE_LIMIT; // Groq flex tier: capacity exceeded, not a bad key (Cohere's 498 is)
        }
        if (status == 401 || status == 498) {
            return FailureClass.CREDENTIAL;
        }
        if (status == 402) {
            return FailureClass.OUT_OF_CREDITS;
        }
        if (status == 403) {
            if (text.contains("api key") || text.contains("api_key") || text.contains("invalid key") || text.contains("unauthorized")) {
                return FailureClass.CREDENTIAL;
            }
            if (mentionsContentPolicy(text)) {
                return FailureClass.CONTENT_POLICY;
            }
            return FailureClass.MODEL_FORBIDDEN;
        }
        if (status == 404 || status == 410) {
            return FailureClass.MODEL_GONE;
        }
        if (status == 413 || mentionsContext(text)) {
            return FailureClass.CONTEXT_TOO_LARGE;
        }
        if ((status == 400 || status == 422 || status == 451) && mentionsContentPolicy(text)) {
            return FailureClass.CONTENT_POLICY;
        }
        if (status == 400 || status == 422) {
            return FailureClass.REJECTED_REQUEST;
        }
        if (status == 408 || status >= 500) {
            return FailureClass.TRANSIENT;
        }
        return FailureClass.REJECTED_REQUEST;
    }

    private static boolean mentionsContext(String text) {
        return text.contains("context_length_exceeded") || text.contains("context length") || text.contains("context window")
                || text.contains("maximum context") || text.contains("too many tokens") || text.contains("prompt is too long")
                || text.contains("input is too long") || text.contains("tokens_limit_reached");
    }

    private static boolean mentionsContentPolicy(String text) {
        return text.contains("content_policy") || text.contains("content policy") || text.contains("content_filter")
                || text.contains("content management policy") || text.contains("responsible ai") || text.contains("moderation")
                || text.contains("safety system") || text.contains("flagged by");
    }

    private static String text(UpstreamError e) {
        return (e.error().code() + " " + e.error().type() + " " + e.error().message()).toLowerCase(Locale.ROOT);
    }
}
