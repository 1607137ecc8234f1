package dev.tollfree.core.adapter;

import dev.tollfree.api.Json;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/** Outcome of a non-streaming call. */
public sealed interface ChatResult {
    /**
     * A usable completion, normalised to the OpenAI shape: as a tree, as the provider's bytes, or
     * both.
     *
     * @param body  the tree, or null when only {@code bytes} were kept ({@link #body()} then parses them)
     * @param bytes {@code body} as the provider sent it, when normalisation left it unchanged: sent
     *              on as it is instead of serialised again
     */
    record Success(ObjectNode body, Usage usage, RateLimitSnapshot limits, long firstByteMillis, Optional<byte[]> bytes) implements ChatResult {
        public Success {
            if (body == null && bytes.isEmpty()) {
                throw new IllegalArgumentException("a completion needs its body as a tree or as bytes");
            }
        }

        public Success(ObjectNode body, Usage usage, RateLimitSnapshot limits, long firstByteMillis) {
            this(body, usage, limits, firstByteMillis, Optional.empty());
        }

        /** An answer that goes on as the provider's bytes, read without building its tree. */
        static Success passThrough(byte[] bytes, Usage usage, RateLimitSnapshot limits, long firstByteMillis) {
            return new Success(null, usage, limits, firstByteMillis, Optional.of(bytes));
        }

        /** The answer as a tree, parsed from the bytes on each call when no tree was built. */
        @Override
        public ObjectNode body() {
            return body != null ? body : Json.parseObject(bytes.orElseThrow());
        }
    }

    record Failure(UpstreamError error) implements ChatResult {}
}
