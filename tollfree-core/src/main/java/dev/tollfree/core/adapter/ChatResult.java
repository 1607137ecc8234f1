package dev.tollfree.core.adapter;

import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/** Outcome of a non-streaming call. */
public sealed interface ChatResult {
    /** A usable completion, normalised to the OpenAI shape. */
    /**
     * @param bytes {@code body} as the provider sent it, when normalisation left it unchanged: sent
     *              on as it is instead of serialised again
     */
    record Success(ObjectNode body, Usage usage, RateLimitSnapshot limits, long firstByteMillis, Optional<byte[]> bytes) implements ChatResult {
        public Success(ObjectNode body, Usage usage, RateLimitSnapshot limits, long firstByteMillis) {
            this(body, usage, limits, firstByteMillis, Optional.empty());
        }
    }

    record Failure(UpstreamError error) implements ChatResult {}
}
