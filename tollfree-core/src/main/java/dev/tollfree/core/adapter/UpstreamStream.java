package dev.tollfree.core.adapter;

import java.util.List;

/**
 * An open upstream stream whose first real payload has arrived (the commit point). Pull-based:
 * each {@link #next()} blocks on the network; callers run it on a virtual thread.
 */
public interface UpstreamStream extends AutoCloseable {
    /** Chunks received before and including the first real payload, in order. */
    List<StreamItem.Chunk> head();

    /** The next item after the head; after {@link StreamItem.End} or {@link StreamItem.Broken} nothing more comes. */
    StreamItem next();

    RateLimitSnapshot limits();

    long firstByteMillis();

    /** Cancels the upstream call at once (client went away); idempotent. */
    @Override
    void close();
}
