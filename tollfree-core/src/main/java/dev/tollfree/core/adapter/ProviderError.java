package dev.tollfree.core.adapter;

import java.util.Optional;

/**
 * What a provider's error body said, decoded from whichever envelope it used.
 *
 * @param message human text (never empty; falls back to the raw body, cut to 500 chars, or the status)
 * @param code    provider error code as text ({@code rate_limit_exceeded}, {@code 1302}, {@code RateLimitReached}), empty if none
 * @param type    provider error type/status text ({@code invalid_request_error}, {@code RESOURCE_EXHAUSTED}), empty if none
 * @param param   the offending parameter when the provider names one
 */
public record ProviderError(String message, String code, String type, Optional<String> param) {
    public ProviderError {
        message = message == null ? "" : message;
        code = code == null ? "" : code;
        type = type == null ? "" : type;
        param = param == null ? Optional.empty() : param;
    }
}
