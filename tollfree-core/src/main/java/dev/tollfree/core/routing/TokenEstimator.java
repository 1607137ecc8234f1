package dev.tollfree.core.routing;

import dev.tollfree.api.ChatRequest;
import dev.tollfree.core.quota.TokenCounter;

/**
 * Prompt size estimate for the context-window filter. Deliberately conservative (≈3.2 characters
 * per token, plus 4 tokens of overhead per message, a flat 765 tokens when images are present — one
 * high-detail 512-pixel-tile image — and a third of the tools' JSON length) so that a request
 * is never sent to a model it clearly overflows; the provider's own count decides the rest.
 */
public final class TokenEstimator {
    private TokenEstimator() {}

    public static long promptTokens(ChatRequest request) {
        return TokenCounter.estimate(request);
    }
}
