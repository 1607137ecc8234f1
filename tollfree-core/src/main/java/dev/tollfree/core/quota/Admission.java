package dev.tollfree.core.quota;

/**
 * The answer to {@link QuotaLedger#tryReserve}: a {@link Reservation} to settle after the call, or
 * a {@link Denial} saying why not and when to try again.
 */
public sealed interface Admission permits Reservation, Denial {}
