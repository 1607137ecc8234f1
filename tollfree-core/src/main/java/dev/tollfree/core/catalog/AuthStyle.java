package dev.tollfree.core.catalog;

/** Where a provider expects its credential. */
public enum AuthStyle {
    /** {@code Authorization: Bearer <key>}. */
    BEARER,
    /** A named header carries the raw key, e.g. {@code x-goog-api-key}; see {@link ProviderSpec#authHeader()}. */
    HEADER,
    /** Bearer token plus an account id substituted into the base URL ({@code {account_id}}). */
    BEARER_WITH_ACCOUNT,
    /** Keyless: no credential header is sent at all. */
    NONE;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
