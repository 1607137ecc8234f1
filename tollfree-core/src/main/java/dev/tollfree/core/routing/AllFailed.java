package dev.tollfree.core.routing;

import dev.tollfree.api.ApiError;
import dev.tollfree.api.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The caller-facing error when no candidate served: one line per candidate, the right status. */
final class AllFailed {
    private AllFailed() {}

    static ApiException error(String model, Trace trace, RequestState state, Instant now) {
        if (state.contentPolicy != null) {
            return new ApiException(new ApiError(400, "invalid_request_error", "content_policy_violation",
                    "The provider refused the request on content grounds: " + state.contentPolicy.error().message(), null));
        }
        StringBuilder lines = new StringBuilder();
        for (Attempt a : trace.attempts()) {
            lines.append("\n- ").append(a.line());
        }
        for (String s : trace.skipped()) {
            lines.append("\n- ").append(s);
        }
        if (!state.budgetNote().isEmpty()) {
            lines.append("\n- stopped: ").append(state.budgetNote());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        Instant reset = state.soonestReset().orElse(null);
        String resetNote = "";
        if (reset != null) {
            Duration wait = Duration.between(now, reset);
            long seconds = Math.max(1, wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0));
            headers.put("Retry-After", Long.toString(seconds));
            resetNote = " The soonest reset is at " + reset + ".";
        }
        boolean onlyLimits = state.sawOnlyLimits && (state.attempted || reset != null);
        if (onlyLimits) {
            return new ApiException(new ApiError(429, "rate_limit_error", "all_routes_rate_limited",
                    "Every route for '" + model + "' is rate-limited right now." + resetNote + lines, null), headers);
        }
        if (state.attempted && state.sawOnlyTooSmall) {
            return new ApiException(new ApiError(413, "invalid_request_error", "context_length_exceeded",
                    "The request is too large for every model that could serve '" + model + "'." + lines, "messages"), headers);
        }
        int status = state.attempted ? 502 : 503;
        String code = state.attempted ? "all_routes_failed" : "no_route_available";
        return new ApiException(new ApiError(status, status == 502 ? "upstream_error" : "service_unavailable", code,
                "No provider could serve '" + model + "'." + resetNote + lines, null), headers);
    }
}
