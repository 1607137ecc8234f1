package dev.tollfree.core.service;

import dev.tollfree.core.adapter.Credential;
import dev.tollfree.core.adapter.KeyValidation;
import dev.tollfree.core.catalog.AuthStyle;
import dev.tollfree.core.catalog.ProviderSpec;
import dev.tollfree.core.routing.Adapters;
import dev.tollfree.core.routing.KeyRef;
import dev.tollfree.core.secret.Masking;
import dev.tollfree.core.secret.SecretBox;
import dev.tollfree.core.store.ProviderKey;
import dev.tollfree.core.store.ProviderKeyStore;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * Provider credentials: sealed on the way in, opened only for a call, validated in the
 * background. The purpose bound into each ciphertext is {@code provider-key:<provider>}.
 */
public final class ProviderKeys {
    private static final System.Logger LOG = System.getLogger(ProviderKeys.class.getName());

    private final ProviderKeyStore store;
    private final SecretBox box;
    private final RoutingState routing;
    private final Adapters adapters;
    private final InstantSource clock;

    public ProviderKeys(ProviderKeyStore store, SecretBox box, RoutingState routing, Adapters adapters, InstantSource clock) {
        this.store = store;
        this.box = box;
        this.routing = routing;
        this.adapters = adapters;
        this.clock = clock;
    }

    static String purpose(String provider) {
        return "provider-key:" + provider;
    }

    /**
     * Adds a key. For providers whose URL carries an account id, {@code accountId} is required and
     * sealed together with the token.
     */
    public ProviderKey add(String provider, String label, String secret, Optional<String> accountId, String source) {
        ProviderSpec spec = routing.catalog().provider(provider)
                .orElseThrow(() -> new IllegalArgumentException("unknown provider '" + provider + "'; see `tollfree providers list`"));
        String material = secret.strip();
        if (material.isEmpty()) {
            throw new IllegalArgumentException("the key for " + provider + " is empty");
        }
        if (spec.auth() == AuthStyle.BEARER_WITH_ACCOUNT) {
            String account = accountId.map(String::strip).orElse("");
            if (account.isEmpty()) {
                throw new IllegalArgumentException(provider + " keys need an account id as well (account_id in the API and config, --account-id on the command line)");
            }
            material = account + ":" + material;
        }
        ProviderKey key = store.add(provider, label, box.seal(material, purpose(provider)), Masking.hint(secret.strip()), source);
        routing.changed();
        return key;
    }

    public void replaceSecret(ProviderKey key, String secret, Optional<String> accountId) {
        ProviderSpec spec = routing.catalog().provider(key.provider()).orElseThrow();
        String material = spec.auth() == AuthStyle.BEARER_WITH_ACCOUNT ? accountId.orElse("") + ":" + secret.strip() : secret.strip();
        store.updateSecret(key.id(), box.seal(material, purpose(key.provider())), Masking.hint(secret.strip()));
        routing.changed();
    }

    /** The first {@code key-N} label not yet used for this provider. */
    public String freeLabel(String provider) {
        java.util.Set<String> used = new java.util.HashSet<>();
        for (ProviderKey k : store.listFor(provider)) {
            used.add(k.label());
        }
        int n = 1;
        while (used.contains("key-" + n)) {
            n++;
        }
        return "key-" + n;
    }

    public List<ProviderKey> list() {
        return store.list();
    }

    public Optional<ProviderKey> find(long id) {
        return store.find(id);
    }

    public boolean setEnabled(long id, boolean enabled) {
        if (store.find(id).isEmpty()) {
            return false;
        }
        store.setEnabled(id, enabled);
        routing.changed();
        return true;
    }

    public boolean remove(long id) {
        boolean removed = store.remove(id);
        if (removed) {
            routing.changed();
        }
        return removed;
    }

    /** Opens a sealed key for one call. */
    public Credential open(KeyRef key) {
        if (key.anonymous()) {
            return Credential.ANONYMOUS;
        }
        String material = box.open(key.sealedSecret(), purpose(key.provider()));
        ProviderSpec spec = routing.catalog().provider(key.provider()).orElse(null);
        if (spec != null && spec.auth() == AuthStyle.BEARER_WITH_ACCOUNT) {
            int colon = material.indexOf(':');
            return new Credential(key.id(), material.substring(colon + 1), Optional.of(material.substring(0, Math.max(colon, 0))));
        }
        return new Credential(key.id(), material, Optional.empty());
    }

    /** Validates a key with a cheap provider call and records the result. Never throws for transport trouble. */
    public KeyValidation validate(long id) {
        ProviderKey key = store.find(id).orElseThrow(() -> new IllegalArgumentException("no provider key with id " + id));
        ProviderSpec spec = routing.catalog().provider(key.provider())
                .orElseThrow(() -> new IllegalArgumentException("provider '" + key.provider() + "' is no longer known"));
        KeyValidation result;
        if (!adapters.supported().contains(spec.format())) {
            result = KeyValidation.unknown("no adapter for the " + spec.format().wireName() + " wire format yet", 0);
        } else {
            try {
                Credential credential = open(new KeyRef(key.id(), key.provider(), key.label(), key.sealedSecret()));
                KeyValidation raw = adapters.forFormat(spec.format()).validateKey(spec, credential);
                result = new KeyValidation(raw.status(), Masking.scrub(raw.detail(), credential.secret()), raw.latencyMillis());
            } catch (RuntimeException e) {
                result = KeyValidation.unknown("validation failed: " + e.getClass().getSimpleName(), 0);
            }
        }
        store.recordCheck(id, new ProviderKey.KeyCheck(clock.instant(), result.status(), result.detail(), result.latencyMillis()));
        LOG.log(System.Logger.Level.INFO, "key " + key.provider() + "/" + key.label() + " (" + key.hint() + "): " + result.status() + " — " + result.detail());
        return result;
    }

    /** Validates in the background; start-up and the caller never wait for it. */
    public void validateLater(long id) {
        Thread.ofVirtual().name("key-check-" + id).start(() -> {
            try {
                validate(id);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "key check " + id + " failed: " + e.getMessage());
            }
        });
    }
}
