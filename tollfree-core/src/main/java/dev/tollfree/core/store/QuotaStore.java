package dev.tollfree.core.store;

import dev.tollfree.core.catalog.Limits;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Snapshots of the quota ledger, so that counters and what was learned from providers survive a
 * restart. The ledger writes what changed in batches and reads everything once at start; the store
 * interprets nothing.
 */
public interface QuotaStore {
    /** A store that keeps nothing: for ledgers whose counts need not outlive the process (tests, tools, a fallback). */
    QuotaStore NONE = new QuotaStore() {
        @Override
        public List<Row> load() {
            return List.of();
        }

        @Override
        public void save(List<Row> upserts, List<Slot> deletions) {
            // nothing is kept
        }
    };

    /** Every saved row, in no particular order. */
    List<Row> load();

    /**
     * Inserts or replaces {@code upserts} and deletes the rows of {@code deletions}, all in one
     * transaction. A deletion of a slot that has no row is ignored; a slot in both lists ends up
     * with the upserted row.
     */
    void save(List<Row> upserts, List<Slot> deletions);

    /**
     * What a row is about: one provider key for one model, or the key account-wide when
     * {@code model} is empty.
     *
     * @param provider provider id
     * @param key      the key's stable slot ({@code key42}, {@code ovh#anon})
     * @param model    the provider's model id, empty for the account-wide scope
     */
    record Slot(String provider, String key, String model) {
        public Slot {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(model, "model (use an empty string for the account)");
        }
    }

    /**
     * The state of one slot at {@code savedAt}.
     *
     * @param slot           whose state it is
     * @param savedAt        when the snapshot was taken; the minute counts are as of then
     * @param minuteRequests requests counted in the rolling minute ending at {@code savedAt}
     * @param minuteTokens   tokens counted in that minute
     * @param day            the UTC date the day counts belong to
     * @param dayRequests    requests counted on {@code day}
     * @param dayTokens      tokens counted on {@code day}
     * @param learned        limits the provider reported (0 = none reported)
     * @param deniedUntil    the slot may not be used before this instant, if set
     * @param deniedReason   why, as the ledger names it; empty when {@code deniedUntil} is empty
     */
    record Row(
            Slot slot,
            Instant savedAt,
            long minuteRequests,
            long minuteTokens,
            LocalDate day,
            long dayRequests,
            long dayTokens,
            Limits learned,
            Optional<Instant> deniedUntil,
            String deniedReason) {

        public Row {
            Objects.requireNonNull(slot, "slot");
            Objects.requireNonNull(savedAt, "savedAt");
            Objects.requireNonNull(day, "day");
            Objects.requireNonNull(learned, "learned");
            Objects.requireNonNull(deniedUntil, "deniedUntil");
            Objects.requireNonNull(deniedReason, "deniedReason (use an empty string)");
            if (minuteRequests < 0 || minuteTokens < 0 || dayRequests < 0 || dayTokens < 0) {
                throw new IllegalArgumentException("quota counts cannot be negative");
            }
        }
    }
}
