package dev.tollfree.core.service;

import dev.tollfree.api.Sha256;
import dev.tollfree.core.store.GatewayKey;
import dev.tollfree.core.store.GatewayKeyStore;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Caller keys: {@code tf-} followed by 40 base62 characters (about 238 bits of randomness).
 * Stored as SHA-256; the full key is shown once, at creation.
 */
public final class GatewayKeys {
    public static final String PREFIX = "tf-";
    private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final GatewayKeyStore store;
    private final InstantSource clock;
    private final ConcurrentHashMap<String, GatewayKey> cache = new ConcurrentHashMap<>();

    /** A new key with its one-time plain value. */
    public record Created(GatewayKey key, String plain) {
        @Override
        public String toString() {
            return "Created[" + key.prefix() + "…]";
        }
    }

    public GatewayKeys(GatewayKeyStore store, InstantSource clock) {
        this.store = store;
        this.clock = clock;
    }

    public static String generate() {
        StringBuilder sb = new StringBuilder(PREFIX);
        for (int i = 0; i < 40; i++) {
            sb.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return sb.toString();
    }

    public static String hash(String plain) {
        return Sha256.hex(plain);
    }

    static String displayPrefix(String plain) {
        return plain.substring(0, Math.min(plain.length(), PREFIX.length() + 4)) + "…";
    }

    public Created create(String name, boolean admin, String source) {
        return createWith(generate(), name, admin, source);
    }

    /** Registers a key whose plain value the operator chose (environment, config). */
    public Created createWith(String plain, String name, boolean admin, String source) {
        if (!plain.startsWith(PREFIX) || plain.length() < PREFIX.length() + 16) {
            throw new IllegalArgumentException("a gateway key must start with '" + PREFIX + "' and be at least " + (PREFIX.length() + 16) + " characters long");
        }
        GatewayKey key = store.add(name, hash(plain), displayPrefix(plain), admin, source, clock.instant());
        return new Created(key, plain);
    }

    /** Registers a key known only by its hash (config {@code sha256:}). */
    public GatewayKey registerHash(String sha256, String name, boolean admin, String source) {
        return store.add(name, sha256, "sha256:" + sha256.substring(0, 8) + "…", admin, source, clock.instant());
    }

    /** The active key for a presented plain value, if any. Constant work per call; cached by hash. */
    public Optional<GatewayKey> authenticate(String presented) {
        if (presented == null || presented.isEmpty()) {
            return Optional.empty();
        }
        String h = hash(presented);
        GatewayKey cached = cache.get(h);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<GatewayKey> found = store.findByHash(h).filter(GatewayKey::active);
        found.ifPresent(k -> cache.put(h, k));
        return found;
    }

    public List<GatewayKey> list() {
        return store.list();
    }

    /** Sets a key's own request/token limits; false when no key has that id. */
    public boolean setLimits(long id, dev.tollfree.core.catalog.Limits limits) {
        boolean set = store.setLimits(id, limits);
        cache.clear();
        return set;
    }

    public boolean revoke(long id) {
        boolean revoked = store.revoke(id, clock.instant());
        cache.values().removeIf(k -> k.id() == id);
        return revoked;
    }

    public boolean anyActive() {
        return store.list().stream().anyMatch(GatewayKey::active);
    }

    /** Forgets cached keys (another process may have revoked one). */
    public void invalidate() {
        cache.clear();
    }
}
