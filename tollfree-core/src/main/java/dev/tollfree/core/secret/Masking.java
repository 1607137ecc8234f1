package dev.tollfree.core.secret;

/** Renders secrets for humans without revealing them. */
public final class Masking {
    private Masking() {}

    /**
     * {@code gsk_…x9Qa}: the vendor prefix, if the key has one, and the last 4 characters. A vendor
     * prefix is one to three ASCII letters closed by {@code _} or {@code -} ({@code gsk_},
     * {@code csk-}, {@code hf_}, {@code sk-}); it is the same in every key of that vendor, so it
     * reveals nothing. Leading characters of keys without one stay hidden. Secrets shorter than 12
     * characters show nothing at all.
     */
    public static String hint(String secret) {
        if (secret == null || secret.isEmpty()) {
            return "(none)";
        }
        if (secret.length() < 12) {
            return "…" + "*".repeat(Math.min(4, secret.length()));
        }
        int letters = 0;
        while (letters < 3 && isAsciiLetter(secret.charAt(letters))) {
            letters++;
        }
        char next = secret.charAt(letters);
        String prefix = letters > 0 && (next == '_' || next == '-') ? secret.substring(0, letters + 1) : "";
        return prefix + "…" + secret.substring(secret.length() - 4);
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** Providers sometimes echo the key they rejected; it must not reach logs or callers. */
    public static String scrub(String text, String secret) {
        return secret != null && secret.length() >= 6 && text.contains(secret) ? text.replace(secret, "***") : text;
    }
}
