package dev.tollfree.core.quota;

/**
 * The two windows the ledger counts in: a rolling minute, and the UTC day that resets at midnight.
 */
public enum QuotaWindow {
    MINUTE,
    DAY
}
