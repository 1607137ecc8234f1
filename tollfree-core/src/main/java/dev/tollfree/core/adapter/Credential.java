package dev.tollfree.core.adapter;

import java.util.Optional;

/**
 * A decrypted provider credential, alive only for one call. {@code keyId} 0 is the anonymous
 * credential of a keyless provider. {@link #toString()} never shows the secret.
 */
public record Credential(long keyId, String secret, Optional<String> accountId) {
    public static final Credential ANONYMOUS = new Credential(0, "", Optional.empty());

    public boolean anonymous() {
        return secret.isEmpty();
    }

    @Override
    public String toString() {
        return "Credential[keyId=" + keyId + (anonymous() ? ", anonymous" : ", secret=***") + "]";
    }
}
