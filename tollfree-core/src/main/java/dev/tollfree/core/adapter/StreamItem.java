package dev.tollfree.core.adapter;

import tools.jackson.databind.node.ObjectNode;

/** One step of an upstream stream, already normalised to OpenAI chunk shape. */
public sealed interface StreamItem {
    /** A chunk to relay ({@code chat.completion.chunk}). */
    record Chunk(ObjectNode json) implements StreamItem {}

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
