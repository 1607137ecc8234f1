package dev.tollfree.core.quota;

/**
 * Budget held for one upstream call: one request plus the estimated tokens, counted in every window
 * of the key's model and account scopes from the moment it was granted. Settle it exactly once
 * with {@link #commit} (the call reached the provider) or {@link #release} (it did not count);
 * later calls do nothing, so both are safe to call from cleanup paths. Thread-safe.
 *
 * <p>A reservation that is never settled stays counted at its estimate, which is the safe side:
 * it ages out of the minute window after a minute and out of the day window at midnight.
 */
public non-sealed interface Reservation extends Admission {
    QuotaKey key();

    /** The tokens reserved: prompt plus output estimate. */
    long estimatedTokens();

    /**
     * Replaces the estimate with the real usage. The request stays counted.
     *
     * @return true when this call settled the reservation, false when it was already settled
     * @throws IllegalArgumentException when a count is negative (the reservation stays open)
     */
    boolean commit(long promptTokens, long completionTokens);

    /**
     * Says the provider has answered (its response started): a request granted in an earlier second
     * is counted from now on in the current one, since the provider may have counted it as late as
     * this. {@link #commit} does the same for a call not marked answered before. Once only; does
     * nothing after settling.
     */
    void answered();

    /**
     * Gives the request and its tokens back, for a call the provider did not count.
     *
     * @return true when this call settled the reservation, false when it was already settled
     */
    boolean release();
}
