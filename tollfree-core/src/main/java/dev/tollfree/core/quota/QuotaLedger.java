package dev.tollfree.core.quota;

import dev.tollfree.core.adapter.RateLimitSnapshot;
import dev.tollfree.core.catalog.Limits;
import dev.tollfree.core.store.QuotaStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * Counts what each provider key spends, per model and account-wide, and refuses a call before it is
 * sent when it would pass a limit. Primitives in the style of a rate limiter's acquire/record:
 * {@link #tryReserve} before the call, then {@link Reservation#commit} or
 * {@link Reservation#release}; {@link #observe} and {@link #observeLimitHit} feed what the
 * provider said back in. All methods are thread-safe; concurrent reservations never jointly pass a
 * limit. Behaviour and guarantees: docs/quota.md.
 *
 * <p>This is the single-process ledger. A shared implementation for several gateway processes can
 * sit behind the same interface.
 */
public interface QuotaLedger extends AutoCloseable {

    /**
     * Reserves one request plus {@code estPromptTokens + estOutputTokens} tokens in the rolling
     * minute and the UTC day of both {@code key} and its account-wide scope, if every budget allows
     * it; otherwise reserves nothing.
     *
     * @param key           a key for one model (not an account-wide key)
     * @param modelLimits   the model's limits for this key (the effective {@code ModelSpec.limits()}); 0 = unknown
     * @param accountLimits the key's account-wide limits ({@code ProviderSpec.accountLimits()}); 0 = unknown
     * @return a {@link Reservation} to settle, or a {@link Denial}
     */
    Admission tryReserve(QuotaKey key, Limits modelLimits, Limits accountLimits, long estPromptTokens, long estOutputTokens);

    /**
     * {@link #tryReserve(QuotaKey, Limits, Limits, long, long)} with the prompt counted by the
     * tokenizer only when a token budget (configured, learned, or reported) of {@code key} or its
     * account applies; otherwise the reservation holds the prompt's character estimate. This
     * default always counts.
     */
    default Admission tryReserve(QuotaKey key, Limits modelLimits, Limits accountLimits, PromptTokens prompt, long estOutputTokens) {
        return tryReserve(key, modelLimits, accountLimits, prompt.count(), estOutputTokens);
    }

    /**
     * Learns from a response's rate-limit headers: a reported limit becomes the learned limit (it
     * can only ever lower the configured one), a reported remaining count with its reset becomes a
     * budget that lapses at the reset (a remaining of 0 refuses the key until then). Counters of an
     * {@code UNKNOWN} window count as per minute; a {@code MONTH} counter only matters when it
     * reports 0 remaining (the key is then refused until its reset, at most 31 days). Call it after
     * settling the call's own reservation.
     *
     * @param now the instant the snapshot's relative resets were computed against
     */
    void observe(QuotaKey key, RateLimitSnapshot snapshot, Instant now);

    /**
     * Learns from a 429: for {@link QuotaWindow#MINUTE}, refuses the key for {@code retryAfter};
     * when none was stated, until the scope's own rolling minute frees a request if a known limit
     * (configured, or learned by an {@link #observe} of the same 429 made first) explains the
     * refusal, else a full minute. For {@link QuotaWindow#DAY}, until the next UTC midnight, or
     * later if {@code retryAfter} says so (weekly and monthly caps). Waits are cut at 7 days.
     *
     * @return the instant the scope is refused until now
     */
    Instant observeLimitHit(QuotaKey key, QuotaWindow window, Optional<Duration> retryAfter, Instant now);

    /** Every scope the ledger holds, model and account-wide, sorted by provider, key and model. */
    List<QuotaStatus> status();

    /** One scope; empty when the ledger holds nothing for it. */
    Optional<QuotaStatus> status(QuotaKey key);

    /**
     * Writes what changed since the last write to the store in one batch and drops idle scopes.
     * Runs on its own timer too ({@link QuotaConfig#snapshotInterval()}).
     *
     * @throws dev.tollfree.core.store.StoreException when the store fails; the changes are written next time
     */
    void flush();

    /** Stops the timer and writes a last snapshot. Reservations keep working in memory afterwards. */
    @Override
    void close();

    /**
     * A ledger for this process, loaded from {@code store}: day counts of an earlier UTC day and
     * denials that have lapsed are not restored.
     */
    static QuotaLedger create(QuotaConfig config, InstantSource clock, QuotaStore store) {
        return LocalQuotaLedger.open(config, clock, store);
    }
}
