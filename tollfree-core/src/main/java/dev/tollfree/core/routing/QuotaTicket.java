package dev.tollfree.core.routing;

import dev.tollfree.core.adapter.RateLimitSnapshot;
import dev.tollfree.core.adapter.Usage;
import dev.tollfree.core.quota.QuotaKey;
import dev.tollfree.core.quota.QuotaLedger;
import dev.tollfree.core.quota.Reservation;
import java.time.InstantSource;

/**
 * The quota reservation of one attempt, settled exactly once: committed with the real usage (the
 * estimate when the provider reports none), or released when the attempt failed.
 */
public final class QuotaTicket {
    private final QuotaLedger ledger;
    private final QuotaKey key;
    private final Reservation reservation;
    private final long estPrompt;
    private final long estOutput;
    private final InstantSource clock;

    QuotaTicket(QuotaLedger ledger, QuotaKey key, Reservation reservation, long estPrompt, long estOutput, InstantSource clock) {
        this.ledger = ledger;
        this.key = key;
        this.reservation = reservation;
        this.estPrompt = estPrompt;
        this.estOutput = estOutput;
        this.clock = clock;
    }

    public QuotaKey key() {
        return key;
    }

    /** Counts what the provider served: its reported usage, or the estimate when it reported none. */
    public void commit(Usage usage) {
        if (usage.estimated() || usage.total() == 0) {
            reservation.commit(Math.max(estPrompt, usage.promptTokens()), Math.max(estOutput, usage.completionTokens()));
        } else {
            reservation.commit(usage.promptTokens(), usage.completionTokens());
        }
    }

    /** The provider's answer has started (a stream committed): the request counts from this second on. */
    public void answered() {
        reservation.answered();
    }

    public void release() {
        reservation.release();
    }

    /** Feeds what the provider said about its budget into the ledger. */
    public void observe(RateLimitSnapshot limits) {
        if (!limits.isEmpty()) {
            ledger.observe(key, limits, clock.instant());
        }
    }
}
