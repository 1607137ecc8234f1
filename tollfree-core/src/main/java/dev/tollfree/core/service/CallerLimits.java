package dev.tollfree.core.service;

import dev.tollfree.api.ApiError;
import dev.tollfree.api.ApiException;
import dev.tollfree.api.ChatRequest;
import dev.tollfree.core.catalog.Limits;
import dev.tollfree.core.quota.Denial;
import dev.tollfree.core.quota.QuotaKey;
import dev.tollfree.core.quota.QuotaLedger;
import dev.tollfree.core.quota.Reservation;
import dev.tollfree.core.quota.PromptTokens;
import dev.tollfree.core.quota.TokenCounter;
import dev.tollfree.core.store.GatewayKey;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;

/**
 * Each gateway key's own request and token limits, kept in the same quota ledger as the providers'
 * (scope {@code tollfree/gw<id>/caller}), so they survive restarts and never jointly overshoot.
 */
public final class CallerLimits {
    static final String SCOPE = "tollfree";

    private final QuotaLedger ledger;
    private final TokenCounter tokens;
    private final InstantSource clock;

    /** A caller's reservation, settled once when the request ends. */
    public interface Hold {
        Hold NONE = (prompt, completion, served) -> { };

        /** Counts what was served, or gives the reservation back when nothing was. */
        void settle(long promptTokens, long completionTokens, boolean served);
    }

    public CallerLimits(QuotaLedger ledger, TokenCounter tokens, InstantSource clock) {
        this.ledger = ledger;
        this.tokens = tokens;
        this.clock = clock;
    }

    /** Reserves one request and its estimated tokens; 429 {@code key_rate_limited} when the key's budget is spent. */
    public Hold reserve(GatewayKey key, ChatRequest request) {
        Limits limits = key.limits();
        if (limits.equals(Limits.NONE) || (limits.rpm() == 0 && limits.rpd() == 0 && limits.tpm() == 0 && limits.tpd() == 0)) {
            return Hold.NONE;
        }
        PromptTokens prompt = PromptTokens.of(request, tokens); // counted only when the key has a token limit
        long output = request.maxOutputTokens() > 0 ? request.maxOutputTokens() : TokenCounter.DEFAULT_OUTPUT_TOKENS;
        QuotaKey qk = new QuotaKey(SCOPE, "gw" + key.id(), "caller");
        return switch (ledger.tryReserve(qk, limits, Limits.NONE, prompt, output)) {
            case Reservation r -> (p, c, served) -> {
                if (served) {
                    r.commit(p > 0 ? p : r.estimatedTokens() - output, c);
                } else {
                    r.release();
                }
            };
            case Denial d -> throw refused(key, d);
        };
    }

    private ApiException refused(GatewayKey key, Denial d) {
        long seconds = d.retryAt().map(at -> Math.max(1, (Duration.between(clock.instant(), at).toMillis() + 999) / 1000)).orElse(60L);
        return new ApiException(new ApiError(429, "rate_limit_error", "key_rate_limited",
                "The gateway key '" + key.name() + "' has used its own limit (" + d.summary() + "). Retry in " + seconds + " s.", null),
                Map.of("Retry-After", Long.toString(seconds)));
    }
}
