package dev.tollfree.core;

import dev.tollfree.core.store.DiscoveredModel;
import dev.tollfree.core.store.DiscoveredModelStore;
import dev.tollfree.core.store.GatewayKeyStore;
import dev.tollfree.core.store.ModelSetting;
import dev.tollfree.core.store.ProviderKey;
import dev.tollfree.core.store.ProviderKeyStore;
import dev.tollfree.core.store.QuotaStore;
import dev.tollfree.core.store.RequestLogStore;
import dev.tollfree.core.store.SettingsStore;
import dev.tollfree.core.store.Store;
import dev.tollfree.core.store.StoreException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Just enough of a {@link Store} for service tests: provider keys, settings, quota snapshots and discovery rows in memory. */
public final class InMemoryStore implements Store {
    private final Keys keys = new Keys();
    private final Settings settings = new Settings();
    private final Quota quota = new Quota();
    private final Discovered discovered = new Discovered();

    @Override
    public ProviderKeyStore providerKeys() {
        return keys;
    }

    @Override
    public GatewayKeyStore gatewayKeys() {
        throw new UnsupportedOperationException("not needed by these tests");
    }

    @Override
    public SettingsStore settings() {
        return settings;
    }

    @Override
    public RequestLogStore requestLog() {
        throw new UnsupportedOperationException("not needed by these tests");
    }

    @Override
    public Quota quota() {
        return quota;
    }

    @Override
    public Discovered discovered() {
        return discovered;
    }

    @Override
    public String describe() {
        return "memory";
    }

    @Override
    public void close() {}

    static final class Keys implements ProviderKeyStore {
        private final Map<Long, ProviderKey> byId = new LinkedHashMap<>();
        private long next = 1;

        @Override
        public synchronized ProviderKey add(String provider, String label, String sealedSecret, String hint, String source) {
            if (byId.values().stream().anyMatch(k -> k.provider().equals(provider) && k.label().equals(label))) {
                throw new StoreException("duplicate key " + provider + "/" + label, null);
            }
            ProviderKey k = new ProviderKey(next++, provider, label, sealedSecret, hint, true, source, Instant.EPOCH, Optional.empty());
            byId.put(k.id(), k);
            return k;
        }

        @Override
        public synchronized List<ProviderKey> list() {
            return List.copyOf(byId.values());
        }

        @Override
        public synchronized List<ProviderKey> listFor(String provider) {
            return byId.values().stream().filter(k -> k.provider().equals(provider)).toList();
        }

        @Override
        public synchronized Optional<ProviderKey> find(long id) {
            return Optional.ofNullable(byId.get(id));
        }

        @Override
        public synchronized void updateSecret(long id, String sealedSecret, String hint) {
            ProviderKey k = byId.get(id);
            byId.put(id, new ProviderKey(id, k.provider(), k.label(), sealedSecret, hint, k.enabled(), k.source(), k.createdAt(), k.lastCheck()));
        }

        @Override
        public synchronized void setEnabled(long id, boolean enabled) {
            byId.computeIfPresent(id, (i, k) -> k.withEnabled(enabled));
        }

        @Override
        public synchronized void recordCheck(long id, ProviderKey.KeyCheck check) {
            ProviderKey k = byId.get(id);
            byId.put(id, new ProviderKey(id, k.provider(), k.label(), k.sealedSecret(), k.hint(), k.enabled(), k.source(), k.createdAt(), Optional.of(check)));
        }

        @Override
        public synchronized boolean remove(long id) {
            return byId.remove(id) != null;
        }
    }

    static final class Settings implements SettingsStore {
        private final Map<String, ModelSetting> models = new LinkedHashMap<>();
        private final Map<String, String> meta = new HashMap<>();
        private List<String> chain = List.of();

        @Override
        public synchronized List<ModelSetting> modelSettings() {
            return new ArrayList<>(models.values());
        }

        @Override
        public synchronized void putModelSetting(ModelSetting setting) {
            models.put(setting.provider() + "/" + setting.model(), setting);
        }

        @Override
        public synchronized List<String> chain() {
            return chain;
        }

        @Override
        public synchronized void putChain(List<String> entries) {
            chain = List.copyOf(entries);
        }

        @Override
        public synchronized Optional<String> meta(String key) {
            return Optional.ofNullable(meta.get(key));
        }

        @Override
        public synchronized void putMeta(String key, String value) {
            meta.put(key, value);
        }
    }

    /** Quota snapshots in a map; counts the batches it was given. */
    public static final class Quota implements QuotaStore {
        private final Map<QuotaStore.Slot, QuotaStore.Row> rows = new LinkedHashMap<>();
        private int saves;
        private boolean failing;

        @Override
        public synchronized List<QuotaStore.Row> load() {
            return List.copyOf(rows.values());
        }

        @Override
        public synchronized void save(List<QuotaStore.Row> upserts, List<QuotaStore.Slot> deletions) {
            if (failing) {
                throw new StoreException("save quota snapshot failed on memory: disk full", null);
            }
            saves++;
            deletions.forEach(rows::remove);
            upserts.forEach(r -> rows.put(r.slot(), r));
        }

        /** While true, every save fails with a {@link StoreException}. */
        public synchronized void failSaves(boolean fail) {
            failing = fail;
        }

        /** How many batches were saved. */
        public synchronized int saves() {
            return saves;
        }

        public synchronized Optional<QuotaStore.Row> row(QuotaStore.Slot slot) {
            return Optional.ofNullable(rows.get(slot));
        }
    }

    /** Discovery rows keyed by {@code provider/model}, in that order; can be told to fail. */
    public static final class Discovered implements DiscoveredModelStore {
        private final Map<String, DiscoveredModel> rows = new TreeMap<>();
        private boolean failing;

        @Override
        public synchronized void upsertSeen(String provider, List<String> ids, Instant now) {
            check();
            for (String id : ids) {
                DiscoveredModel old = rows.get(provider + "/" + id);
                Instant first = old == null ? now : old.firstSeen();
                rows.put(provider + "/" + id, new DiscoveredModel(provider, id, first, Optional.of(now), Optional.empty()));
            }
        }

        @Override
        public synchronized void markVanished(String provider, Set<String> notListed, Instant now) {
            check();
            for (String id : notListed) {
                DiscoveredModel old = rows.get(provider + "/" + id);
                rows.put(provider + "/" + id, old == null
                        ? new DiscoveredModel(provider, id, now, Optional.empty(), Optional.of(now))
                        : new DiscoveredModel(provider, id, old.firstSeen(), old.lastSeen(), Optional.of(old.vanishedSince().orElse(now))));
            }
        }

        @Override
        public synchronized List<DiscoveredModel> list() {
            return List.copyOf(rows.values());
        }

        @Override
        public synchronized List<DiscoveredModel> listFor(String provider) {
            return rows.values().stream().filter(r -> r.provider().equals(provider)).toList();
        }

        /** While true, every write fails with a {@link StoreException}. */
        public synchronized void failWrites(boolean fail) {
            failing = fail;
        }

        private void check() {
            if (failing) {
                throw new StoreException("record discovered models failed on memory: disk full", null);
            }
        }
    }
}
