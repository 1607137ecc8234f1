package dev.tollfree.core.quota;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of the local ledger.
 *
 * @param snapshotInterval how often changed state is written to the store; {@link Duration#ZERO}
 *                         starts no timer (state is then written only by {@link QuotaLedger#flush()}
 *                         and {@link QuotaLedger#close()})
 * @param evictAfter       a scope with nothing counted, nothing blocked, nothing in flight and no
 *                         use for this long is dropped from memory and from the store, together with
 *                         the limits it learned
 */
public record QuotaConfig(Duration snapshotInterval, Duration evictAfter) {
    public static final QuotaConfig DEFAULTS = new QuotaConfig(Duration.ofSeconds(10), Duration.ofHours(1));

    public QuotaConfig {
        Objects.requireNonNull(snapshotInterval, "snapshotInterval");
        Objects.requireNonNull(evictAfter, "evictAfter");
        if (snapshotInterval.isNegative()) {
            throw new IllegalArgumentException("the quota snapshot interval cannot be negative, was " + snapshotInterval
                    + " (use 0 to write snapshots only on flush and close)");
        }
        if (evictAfter.isNegative()) {
            throw new IllegalArgumentException("the quota eviction delay cannot be negative, was " + evictAfter);
        }
    }

    public QuotaConfig withSnapshotInterval(Duration interval) {
        return new QuotaConfig(interval, evictAfter);
    }

    public QuotaConfig withEvictAfter(Duration delay) {
        return new QuotaConfig(snapshotInterval, delay);
    }
}
