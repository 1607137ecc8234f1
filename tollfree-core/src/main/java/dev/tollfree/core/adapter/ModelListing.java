package dev.tollfree.core.adapter;

import java.util.List;

/** Models a provider lists for a key, or why it could not. */
public sealed interface ModelListing {
    record Models(List<String> ids) implements ModelListing {}

    record Failure(UpstreamError error) implements ModelListing {}
}
