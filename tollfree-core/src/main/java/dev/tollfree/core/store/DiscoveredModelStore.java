package dev.tollfree.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What the providers' model lists said, one row per (provider, model). Rows are never deleted by
 * discovery: a model that leaves a list is flagged, not forgotten.
 */
public interface DiscoveredModelStore {
    /**
     * Records that {@code provider} listed {@code ids} at {@code now}: new rows get
     * {@code first_seen = last_seen = now}; existing rows get {@code last_seen = now} and lose their
     * vanished flag. All in one transaction.
     */
    void upsertSeen(String provider, List<String> ids, Instant now);

    /**
     * Flags {@code notListed} as vanished since {@code now}. A row already flagged keeps its earlier
     * time; an id without a row gets one (first seen now, never listed). All in one transaction.
     */
    void markVanished(String provider, Set<String> notListed, Instant now);

    /** Every row, ordered by provider, then model. */
    List<DiscoveredModel> list();

    /** The rows of one provider, ordered by model. */
    List<DiscoveredModel> listFor(String provider);
}
