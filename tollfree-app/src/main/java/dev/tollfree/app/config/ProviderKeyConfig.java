package dev.tollfree.app.config;

import java.util.Optional;

/**
 * One upstream credential declared for a provider. {@link #toString()} never shows the key.
 *
 * @param label     unique per provider; {@code key-<n>} (1-based list position) when not given
 * @param key       the provider API key, after environment substitution
 * @param accountId account id for providers whose base URL contains {@code {account_id}}
 */
public record ProviderKeyConfig(String label, String key, Optional<String> accountId) {
    public ProviderKeyConfig {
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException("a provider key needs a label");
        }
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("provider key '" + label + "' is empty");
        }
        accountId = accountId.filter(s -> !s.isBlank());
    }

    @Override
    public String toString() {
        return "ProviderKeyConfig[label=" + label + ", key=" + Secrets.MASK + ", accountId=" + accountId.orElse("") + "]";
    }
}
