package dev.tollfree.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Gateway (caller) keys, stored hashed. */
public interface GatewayKeyStore {
    GatewayKey add(String name, String hash, String prefix, boolean admin, String source, Instant createdAt);

    List<GatewayKey> list();

    Optional<GatewayKey> findByHash(String hash);

    /** Sets the caller limits of a key; returns false if no key had that id. */
    boolean setLimits(long id, dev.tollfree.core.catalog.Limits limits);

    /** Marks the key revoked; returns false if no active key had that id. */
    boolean revoke(long id, Instant at);
}
