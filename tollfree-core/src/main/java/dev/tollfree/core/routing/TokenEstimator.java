package dev.tollfree.core.routing;

import dev.tollfree.api.ChatRequest;

/**
 * Prompt size estimate for the context-window filter. Deliberately conservative (≈3.2 characters
 * per token, plus 4 tokens of overhead per message, a flat 765 tokens when images are present — one
 * high-detail 512-pixel-tile image — and a third of the tools' JSON length) so that a request
 * is never sent to a model it clearly overflows; the provider's own count decides the rest.
 */
public final class TokenEstimator {
    private TokenEstimator() {}

    public static long promptTokens(ChatRequest request) {
        long messages = request.body().path("messages").size();
        long images = request.hasImages() ? 765 : 0;
        long tools = request.hasTools() ? request.body().path("tools").toString().length() / 3 : 0;
        return (long) Math.ceil(request.textChars() / 3.2) + 4 * messages + images + tools;
    }
}
