package dev.tollfree.core.adapter;

import java.time.Instant;
import java.util.OptionalLong;
import java.util.Optional;

/**
 * Budget facts a provider revealed in one response. Every field is optional; {@code window}
 * says which window the request and token counters refer to, since dialects differ (Groq's
 * request counters are per day, its token counters per minute).
 */
public record RateLimitSnapshot(
        OptionalLong requestLimit,
        OptionalLong requestsRemaining,
        Optional<Instant> requestsReset,
        Window requestWindow,
        OptionalLong tokenLimit,
        OptionalLong tokensRemaining,
        Optional<Instant> tokensReset,
        Window tokenWindow,
        Optional<String> limitType) {

    public enum Window { MINUTE, DAY, MONTH, UNKNOWN }

    public static final RateLimitSnapshot EMPTY = new RateLimitSnapshot(
            OptionalLong.empty(), OptionalLong.empty(), Optional.empty(), Window.UNKNOWN,
            OptionalLong.empty(), OptionalLong.empty(), Optional.empty(), Window.UNKNOWN, Optional.empty());

    public boolean isEmpty() {
        return this.equals(EMPTY);
    }
}
