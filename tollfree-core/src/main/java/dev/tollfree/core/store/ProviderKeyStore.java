package dev.tollfree.core.store;

import java.util.List;
import java.util.Optional;

/** Provider credentials at rest (sealed). */
public interface ProviderKeyStore {
    /** Inserts a key and returns it with its id. Fails with {@link StoreException} if (provider, label) exists. */
    ProviderKey add(String provider, String label, String sealedSecret, String hint, String source);

    List<ProviderKey> list();

    List<ProviderKey> listFor(String provider);

    Optional<ProviderKey> find(long id);

    /** Replaces the secret of an existing key (config key whose value changed). */
    void updateSecret(long id, String sealedSecret, String hint);

    void setEnabled(long id, boolean enabled);

    void recordCheck(long id, ProviderKey.KeyCheck check);

    /** Returns true if a key was removed. */
    boolean remove(long id);
}
