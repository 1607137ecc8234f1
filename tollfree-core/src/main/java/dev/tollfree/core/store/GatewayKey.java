package dev.tollfree.core.store;

import java.time.Instant;
import java.util.Optional;

/**
 * A caller credential for Tollfree itself. Only the SHA-256 hash of the key is stored.
 *
 * @param id        store-assigned id
 * @param name      operator label
 * @param hash      lower-case hex SHA-256 of the full key
 * @param prefix    the first characters of the key, for recognising it in listings ({@code tf-4kQ9…})
 * @param admin     admin keys may call {@code /api/*}
 * @param source    {@code config}, {@code bootstrap} or {@code admin}
 * @param createdAt creation time
 * @param revokedAt set once revoked; revoked keys never authenticate
 * @param limits    the caller's own request and token limits (zero: none)
 */
public record GatewayKey(
        long id,
        String name,
        String hash,
        String prefix,
        boolean admin,
        String source,
        Instant createdAt,
        Optional<Instant> revokedAt,
        dev.tollfree.core.catalog.Limits limits) {

    public GatewayKey {
        limits = limits == null ? dev.tollfree.core.catalog.Limits.NONE : limits;
    }

    public GatewayKey(long id, String name, String hash, String prefix, boolean admin, String source, Instant createdAt,
                      Optional<Instant> revokedAt) {
        this(id, name, hash, prefix, admin, source, createdAt, revokedAt, dev.tollfree.core.catalog.Limits.NONE);
    }

    public boolean active() {
        return revokedAt.isEmpty();
    }
}
