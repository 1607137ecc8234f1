package dev.tollfree.core.adapter;

/** Outcome of opening a stream: committed (first payload in hand) or failed before any payload. */
public sealed interface StreamStart {
    record Started(UpstreamStream stream) implements StreamStart {}

    record Failure(UpstreamError error) implements StreamStart {}
}
