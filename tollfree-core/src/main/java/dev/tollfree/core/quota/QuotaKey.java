package dev.tollfree.core.quota;

import java.util.Objects;

/**
 * Whose budget a quota counts: one provider key for one model, or, with an empty {@code model},
 * the key account-wide (its caps across all models, {@code ProviderSpec.accountLimits}).
 *
 * @param provider provider id ({@code groq})
 * @param key      the key's stable slot, as {@code KeyRef.slot()} gives it ({@code key42}, {@code ovh#anon});
 *                 never the secret
 * @param model    the provider's own model id, or empty for the account-wide scope
 */
public record QuotaKey(String provider, String key, String model) {
    public QuotaKey {
        Objects.requireNonNull(model, "model (use an empty string for the account-wide scope)");
        if (provider == null || provider.isBlank()) {
            throw new IllegalArgumentException("a quota key needs a provider id");
        }
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("a quota key needs the provider key's slot (KeyRef.slot())");
        }
    }

    /** The account-wide scope of {@code key} at {@code provider}. */
    public static QuotaKey account(String provider, String key) {
        return new QuotaKey(provider, key, "");
    }

    /** The account-wide scope of this key (itself when it already is one). */
    public QuotaKey account() {
        return isAccount() ? this : new QuotaKey(provider, key, "");
    }

    public boolean isAccount() {
        return model.isEmpty();
    }

    /** {@code groq/key42/llama-3.3-70b-versatile}, or {@code groq/key42} for the account. */
    @Override
    public String toString() {
        return provider + "/" + key + (isAccount() ? "" : "/" + model);
    }
}
