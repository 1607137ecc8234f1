package dev.tollfree.app.config;

import dev.tollfree.api.Sha256;
import java.util.Locale;
import java.util.Optional;

/**
 * A caller (gateway) key declared in the config file. Only its SHA-256 is kept, the same form the
 * key store uses ({@code GatewayKey.hash}), so the plain key never outlives loading.
 *
 * @param name   operator label, unique among config keys
 * @param sha256 lower-case hex SHA-256 of the full key (UTF-8)
 * @param prefix the first {@value #PREFIX_LENGTH} characters of the key, for listings; empty when
 *               the key was declared by its hash
 * @param admin  admin keys may also call the admin API
 */
public record GatewayKeyConfig(String name, String sha256, Optional<String> prefix, boolean admin, dev.tollfree.core.catalog.Limits limits) {
    public static final String KEY_PREFIX = "tf-";
    /** Random characters required after {@code tf-} in a key written into the config. */
    public static final int MIN_RANDOM_CHARS = 16;
    public static final int PREFIX_LENGTH = 7;

    public GatewayKeyConfig(String name, String sha256, Optional<String> prefix, boolean admin) {
        this(name, sha256, prefix, admin, dev.tollfree.core.catalog.Limits.NONE);
    }

    public GatewayKeyConfig {
        limits = limits == null ? dev.tollfree.core.catalog.Limits.NONE : limits;
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a gateway key needs a name");
        }
        sha256 = sha256.toLowerCase(Locale.ROOT);
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("gateway key " + name + ": sha256 must be 64 hex characters");
        }
    }

    /** A config key from its plain form; validates the {@code tf-} prefix and length. */
    public static GatewayKeyConfig fromKey(String name, String key, boolean admin) {
        checkKey(key);
        return new GatewayKeyConfig(name, sha256Hex(key), Optional.of(key.substring(0, PREFIX_LENGTH)), admin);
    }

    /** @throws IllegalArgumentException (without the key in the message) when the key is malformed */
    static void checkKey(String key) {
        if (!key.startsWith(KEY_PREFIX)) {
            throw new IllegalArgumentException("must start with '" + KEY_PREFIX + "'; generate one with: echo tf-$(openssl rand -hex 24)");
        }
        if (key.length() < KEY_PREFIX.length() + MIN_RANDOM_CHARS || key.chars().anyMatch(c -> c <= ' ')) {
            throw new IllegalArgumentException("must have at least " + MIN_RANDOM_CHARS
                    + " characters after 'tf-' and no spaces; generate one with: echo tf-$(openssl rand -hex 24)");
        }
    }

    static String sha256Hex(String key) {
        return Sha256.hex(key);
    }
}
