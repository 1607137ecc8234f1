package dev.tollfree.core.store;

import java.time.Instant;
import java.util.List;

/**
 * One caller request as the request log keeps it, with every upstream attempt.
 *
 * @param requestId      id returned to the caller in {@code x-request-id}
 * @param at             when the request arrived
 * @param gatewayKeyId   caller key id, 0 when unauthenticated
 * @param requestedModel the model the caller asked for
 * @param stream         whether the caller asked for a stream
 * @param status         HTTP status returned to the caller (200 even for a stream that later failed)
 * @param outcome        {@code ok}, {@code error}, {@code stream_error}, {@code cancelled}
 * @param errorCode      client-facing error code, empty when ok
 * @param provider       provider that served it (empty when none did)
 * @param model          upstream model that served it
 * @param latencyMillis  total latency
 * @param ttfbMillis     time to first byte sent to the caller, -1 if none
 * @param promptTokens   prompt tokens (reported or estimated)
 * @param completionTokens completion tokens
 * @param usageEstimated true when the provider reported no usage
 * @param attempts       every upstream attempt in order
 */
public record RequestRecord(
        String requestId,
        Instant at,
        long gatewayKeyId,
        String requestedModel,
        boolean stream,
        int status,
        String outcome,
        String errorCode,
        String provider,
        String model,
        long latencyMillis,
        long ttfbMillis,
        long promptTokens,
        long completionTokens,
        boolean usageEstimated,
        List<Attempt> attempts) {

    public RequestRecord {
        attempts = List.copyOf(attempts);
    }

    /**
     * One upstream attempt.
     *
     * @param failureClass empty on success, otherwise the {@code FailureClass} name
     */
    public record Attempt(
            int index,
            String provider,
            String model,
            long keyId,
            int status,
            String failureClass,
            String detail,
            long latencyMillis,
            long ttfbMillis) {}
}
