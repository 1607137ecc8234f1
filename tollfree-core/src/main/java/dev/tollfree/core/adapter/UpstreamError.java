package dev.tollfree.core.adapter;

import java.time.Duration;
import java.util.Optional;

/**
 * Facts about one failed upstream call, as the adapter observed them. Routing turns these into a
 * {@code FailureClass}; adapters never decide what happens next.
 *
 * @param kind        how it failed
 * @param status      HTTP status, 0 when no response arrived
 * @param error       the decoded provider error (or a description of the transport failure)
 * @param retryAfter  the wait the provider asked for, if any
 * @param dailyLimit  the provider said a daily (or longer) limit was hit
 * @param limits      budget facts from headers/body
 */
public record UpstreamError(
        Kind kind,
        int status,
        ProviderError error,
        Optional<Duration> retryAfter,
        boolean dailyLimit,
        RateLimitSnapshot limits) {

    public enum Kind {
        /** The provider answered with an error status. */
        HTTP_STATUS,
        /** Could not connect (refused, DNS, TLS). */
        CONNECT,
        /** No response headers or first event within the first-byte timeout. */
        FIRST_BYTE_TIMEOUT,
        /** A stream went quiet for longer than the idle timeout. */
        IDLE_TIMEOUT,
        /** The connection broke (reset, premature end of body). */
        CONNECTION_LOST,
        /** A 200 whose body is an error (in-band error object, finish_reason "error", base_resp). */
        IN_BAND_ERROR,
        /** A 200 we cannot use: malformed JSON, empty completion, missing choices. */
        MALFORMED,
        /** The caller went away; not the provider's fault. */
        CANCELLED
    }

    public static UpstreamError transport(Kind kind, String message) {
        return new UpstreamError(kind, 0, new ProviderError(message, "", "", Optional.empty()), Optional.empty(), false, RateLimitSnapshot.EMPTY);
    }

    public static UpstreamError inBand(Kind kind, int status, ProviderError error) {
        return new UpstreamError(kind, status, error, Optional.empty(), false, RateLimitSnapshot.EMPTY);
    }

    /** The same error with {@code wait} as its retry hint. */
    public UpstreamError withRetryAfter(Duration wait) {
        return new UpstreamError(kind, status, error, Optional.of(wait), dailyLimit, limits);
    }

    /** One line for logs and the caller's failure summary. */
    public String summary() {
        String where = status > 0 ? "HTTP " + status : kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        String code = error.code().isEmpty() ? "" : " [" + error.code() + "]";
        String msg = error.message();
        if (msg.length() > 200) {
            msg = msg.substring(0, 200) + "…";
        }
        return where + code + ": " + msg;
    }
}
