package dev.tollfree.server;

import dev.tollfree.core.routing.Attempt;
import dev.tollfree.core.routing.Trace;
import dev.tollfree.core.store.RequestRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Per-request bookkeeping that becomes one request-log record. */
final class RequestContext {
    final String requestId;
    final Instant at;
    final long startNanos;
    final Trace trace = new Trace();
    long gatewayKeyId;
    String requestedModel = "";
    boolean stream;
    int status;
    String outcome = "ok";
    String errorCode = "";
    String provider = "";
    String model = "";
    long ttfbMillis = -1;
    long promptTokens;
    long completionTokens;
    boolean usageEstimated;

    RequestContext(String requestId, Instant at, long startNanos) {
        this.requestId = requestId;
        this.at = at;
        this.startNanos = startNanos;
    }

    RequestRecord toRecord(long nowNanos) {
        List<RequestRecord.Attempt> attempts = new ArrayList<>();
        int i = 0;
        for (Attempt a : trace.attempts()) {
            attempts.add(new RequestRecord.Attempt(i++, a.route().provider().id(), a.route().model().id(), a.key().id(),
                    a.status(), a.failure().map(f -> f.wireName()).orElse(""), a.detail(), a.latencyMillis(), a.firstByteMillis()));
        }
        return new RequestRecord(requestId, at, gatewayKeyId, requestedModel, stream, status, outcome, errorCode,
                provider, model, (nowNanos - startNanos) / 1_000_000, ttfbMillis, promptTokens, completionTokens,
                usageEstimated, attempts);
    }
}
