package dev.tollfree.core.store;

import java.time.Instant;
import java.util.Optional;

/**
 * A stored provider credential. {@code sealedSecret} is the AES-GCM ciphertext produced by
 * {@link dev.tollfree.core.secret.SecretBox}; the plain key never reaches the store.
 *
 * @param id            store-assigned id, stable across restarts
 * @param provider      provider id
 * @param label         operator-chosen label, unique per provider
 * @param sealedSecret  encrypted key material
 * @param hint          masked form for listings, e.g. {@code gsk_…x9Qa}
 * @param enabled       disabled keys are never used
 * @param source        {@code config} for keys declared in the YAML file, {@code admin} otherwise
 * @param createdAt     when it was added
 * @param lastCheck     result of the last validation, if any
 */
public record ProviderKey(
        long id,
        String provider,
        String label,
        String sealedSecret,
        String hint,
        boolean enabled,
        String source,
        Instant createdAt,
        Optional<KeyCheck> lastCheck) {

    /** Result of a cheap validation call against the provider. */
    public record KeyCheck(Instant at, String status, String detail, long latencyMillis) {}

    public ProviderKey withEnabled(boolean value) {
        return new ProviderKey(id, provider, label, sealedSecret, hint, value, source, createdAt, lastCheck);
    }
}
