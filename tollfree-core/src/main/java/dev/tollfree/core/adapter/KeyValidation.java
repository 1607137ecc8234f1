package dev.tollfree.core.adapter;

/**
 * Result of a cheap key check.
 *
 * @param status {@code valid}, {@code invalid} (the provider rejected the key), {@code unknown}
 *               (transport trouble or a provider that cannot tell — never a reason to disable a key)
 */
public record KeyValidation(String status, String detail, long latencyMillis) {
    public static KeyValidation valid(String detail, long millis) {
        return new KeyValidation("valid", detail, millis);
    }

    public static KeyValidation invalid(String detail, long millis) {
        return new KeyValidation("invalid", detail, millis);
    }

    public static KeyValidation unknown(String detail, long millis) {
        return new KeyValidation("unknown", detail, millis);
    }
}
