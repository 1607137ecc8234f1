package dev.tollfree.core.secret;

/** Renders secrets for humans without revealing them. */
public final class Masking {
    private Masking() {}

    /** {@code gsk_…x9Qa}: a recognisable prefix (up to 4 chars, only if the key is long) and the last 4. */
    public static String hint(String secret) {
        if (secret == null || secret.isEmpty()) {
            return "(none)";
        }
        if (secret.length() < 12) {
            return "…" + "*".repeat(Math.min(4, secret.length()));
        }
        int prefix = 0;
        while (prefix < 4 && prefix < secret.length() && (Character.isLetter(secret.charAt(prefix)) || secret.charAt(prefix) == '_' || secret.charAt(prefix) == '-')) {
            prefix++;
        }
        return secret.substring(0, prefix) + "…" + secret.substring(secret.length() - 4);
    }
}
