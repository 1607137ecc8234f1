package dev.tollfree.core.quota;

import dev.tollfree.api.ChatRequest;

/**
 * One request's prompt size for a reservation, counted with the tokenizer only when a token budget
 * needs it. Until then {@link #value()} is the character estimate ({@link TokenCounter#estimate}),
 * which only sizes a reservation that no token budget checks and that the real usage replaces.
 * Used by the thread that serves the request; not thread-safe.
 */
public final class PromptTokens {
    private final ChatRequest request;
    private final TokenCounter counter;
    private long counted;
    private long estimate = -1;

    private PromptTokens(ChatRequest request, TokenCounter counter, long counted) {
        this.request = request;
        this.counter = counter;
        this.counted = counted;
    }

    /** Counted with {@code counter} on the first reservation that a token budget applies to. */
    public static PromptTokens of(ChatRequest request, TokenCounter counter) {
        return new PromptTokens(request, counter, -1);
    }

    /** A count already known. */
    public static PromptTokens counted(long tokens) {
        if (tokens < 0) {
            throw new IllegalArgumentException("token estimates cannot be negative, was " + tokens);
        }
        return new PromptTokens(null, null, tokens);
    }

    /** The tokenizer has counted this prompt (or the count was given). */
    public boolean isCounted() {
        return counted >= 0;
    }

    /** The tokenizer's count ({@link TokenCounter#promptTokens}), computed once. */
    public long count() {
        if (counted < 0) {
            counted = counter.promptTokens(request);
        }
        return counted;
    }

    /** The count when known, else the character estimate. */
    public long value() {
        if (counted >= 0) {
            return counted;
        }
        if (estimate < 0) {
            estimate = TokenCounter.estimate(request);
        }
        return estimate;
    }
}
