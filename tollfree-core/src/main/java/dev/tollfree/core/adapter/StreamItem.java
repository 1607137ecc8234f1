package dev.tollfree.core.adapter;

import dev.tollfree.api.Json;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/** One step of an upstream stream, already normalised to OpenAI chunk shape. */
public sealed interface StreamItem {
    /**
     * A chunk to relay ({@code chat.completion.chunk}): a tree, or the provider's own bytes when
     * {@link ChunkScan} found nothing in them to change or act on. A chunk of bytes carries no
     * usage, no error and no finish_reason; its tree is parsed only when asked for.
     */
    final class Chunk implements StreamItem {
        private final byte[] raw;
        private final long textChars;
        private ObjectNode json;

        /** A chunk built or normalised as a tree; relayed by writing the tree. */
        public Chunk(ObjectNode json) {
            this.json = java.util.Objects.requireNonNull(json, "json");
            this.raw = null;
            this.textChars = -1;
        }

        private Chunk(byte[] raw, long textChars) {
            this.raw = raw;
            this.textChars = textChars;
        }

        /** A chunk relayed as these bytes (one JSON object, no line breaks), carrying this much content and reasoning text. */
        static Chunk passThrough(byte[] raw, long textChars) {
            if (textChars < 0) {
                throw new IllegalArgumentException("text characters cannot be negative: " + textChars);
            }
            return new Chunk(raw, textChars);
        }

        /**
         * The chunk as a tree. For a chunk of bytes this is parsed on first use and must be read,
         * not changed: the relay writes the bytes.
         */
        public ObjectNode json() {
            if (json == null) {
                json = (ObjectNode) Json.MAPPER.readTree(raw);
            }
            return json;
        }

        /** The provider's bytes to relay as they are, when the chunk needs no change. */
        public Optional<byte[]> raw() {
            return Optional.ofNullable(raw);
        }

        /** Characters of content and reasoning text in a chunk of bytes (for a tree, count them in the tree). */
        public long textChars() {
            return textChars;
        }

        @Override
        public String toString() {
            return "Chunk[" + (raw != null ? new String(raw, java.nio.charset.StandardCharsets.UTF_8) : json) + "]";
        }
    }

    /**
     * The stream ended cleanly.
     *
     * @param usage     reported usage, or {@link Usage#NONE}
     * @param finished  a {@code finish_reason} was seen (else the end is suspicious)
     * @param sawDone   the provider sent {@code [DONE]}
     */
    record End(Usage usage, boolean finished, boolean sawDone) implements StreamItem {}

    /** The stream broke: cut, stall, malformed chunk or in-band error. */
    record Broken(UpstreamError error) implements StreamItem {}
}
