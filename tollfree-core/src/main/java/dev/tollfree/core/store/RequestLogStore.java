package dev.tollfree.core.store;

import java.time.Instant;
import java.util.List;

/** Append-only request log. Writes come in batches from the asynchronous request logger. */
public interface RequestLogStore {
    void append(List<RequestRecord> batch);

    /** Newest first, at most {@code limit} records. */
    List<RequestRecord> recent(int limit);

    /** Total number of stored requests. */
    long count();

    /** Deletes records older than {@code before}; returns how many went. */
    long prune(Instant before);
}
