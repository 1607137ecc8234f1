package dev.tollfree.core.adapter;

import tools.jackson.databind.node.ObjectNode;

/** Outcome of a non-streaming call. */
public sealed interface ChatResult {
    /** A usable completion, normalised to the OpenAI shape. */
    record Success(ObjectNode body, Usage usage, RateLimitSnapshot limits, long firstByteMillis) implements ChatResult {}

    record Failure(UpstreamError error) implements ChatResult {}
}
