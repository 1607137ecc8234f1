package dev.tollfree.core.routing;

import dev.tollfree.core.adapter.UpstreamError;
import java.util.Locale;

/** Maps the facts of a failed call to a {@link FailureClass}. Pure; order of checks matters. */
public final class FailureClassifier {
    private FailureClassifier() {}

    public static FailureClass classify(UpstreamError e) {
        return switch (e.kind()) {
            case CANCELLED -> FailureClass.CANCELLED;
            case CONNECT, FIRST_BYTE_TIMEOUT, IDLE_TIMEOUT, CONNECTION_LOST -> FailureClass.TRANSIENT;
            case IN_BAND_ERROR -> inBand(e);
            case MALFORMED -> FailureClass.BAD_RESPONSE;
            case HTTP_STATUS -> byStatus(e);
        };
    }

    private static FailureClass inBand(UpstreamError e) {
        String text = text(e);
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
        if (status == 429 && text.contains("insufficient_quota")) {
            return FailureClass.OUT_OF_CREDITS; // OpenAI-style: the account has no credit left, waiting will not help
        }
        if (status == 429 || (status == 503 && text.contains("quota"))) {
            return e.dailyLimit() ? FailureClass.DAILY_CAP : FailureClass.RATE_LIMIT;
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
