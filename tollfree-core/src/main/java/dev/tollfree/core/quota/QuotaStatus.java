package dev.tollfree.core.quota;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One scope's budgets as the ledger sees them now, for the admin API and the dashboard.
 *
 * @param key      the scope (an account-wide scope has an empty model)
 * @param rpm      requests in the rolling minute
 * @param rpd      requests today (UTC)
 * @param tpm      tokens in the rolling minute
 * @param tpd      tokens today (UTC)
 * @param inFlight reservations granted and not yet settled
 * @param denied   the 429 or reported exhaustion that keeps the scope closed, if any
 */
public record QuotaStatus(QuotaKey key, Meter rpm, Meter rpd, Meter tpm, Meter tpd, int inFlight, Optional<Block> denied) {

    /**
     * One budget.
     *
     * @param used            counted usage (reservations at their estimate until committed)
     * @param limit           the limit in force: the lower non-zero of {@code configured} and {@code learned}; 0 = none known
     * @param configured      the limit last given to the ledger (catalog, config or admin override); 0 = none
     * @param learned         the limit the provider last reported; 0 = none reported
     * @param reportedLeft    what the provider reported left, less what was reserved since, while that report holds
     * @param reportedUntil   when that report lapses (the provider's reset)
     */
    public record Meter(long used, long limit, long configured, long learned, OptionalLong reportedLeft,
                        Optional<Instant> reportedUntil) {
        /** What may still be used under {@link #limit}; empty when no limit is known. */
        public OptionalLong left() {
            return limit == 0 ? OptionalLong.empty() : OptionalLong.of(Math.max(0, limit - used));
        }
    }

    /** A scope closed until {@code until}. */
    public record Block(Denial.Reason reason, Instant until) {}

    public Meter meter(QuotaMetric metric) {
        return switch (metric) {
            case RPM -> rpm;
            case RPD -> rpd;
            case TPM -> tpm;
            case TPD -> tpd;
        };
    }
}
