package dev.tollfree.app;

import dev.tollfree.app.config.GatewayKeyConfig;
import dev.tollfree.app.config.ProviderConfig;
import dev.tollfree.app.config.ProviderKeyConfig;
import dev.tollfree.core.routing.KeyRef;
import dev.tollfree.core.store.GatewayKey;
import dev.tollfree.core.store.ProviderKey;
import dev.tollfree.core.store.StoreException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Makes the database agree with the config file for what the file declares: provider keys and
 * gateway keys with source {@code config} are added, updated, or removed when the file no longer
 * lists them. Keys added through the CLI or admin API are never touched.
 */
final class ConfigSync {
    private static final System.Logger LOG = System.getLogger(ConfigSync.class.getName());
    static final String SOURCE = "config";

    private ConfigSync() {}

    /** Returns ids of provider keys that are new or changed (to validate in the background). */
    static List<Long> sync(Services s) {
        List<Long> changed = new ArrayList<>();
        Set<Long> declared = new HashSet<>();
        for (ProviderConfig p : s.providerConfigs()) {
            if (s.catalog.provider(p.id()).isEmpty()) {
                continue; // disabled in the file
            }
            for (ProviderKeyConfig k : p.keys()) {
                Optional<ProviderKey> existing = s.providerKeys.list().stream()
                        .filter(e -> e.provider().equals(p.id()) && e.label().equals(k.label())).findFirst();
                if (existing.isEmpty()) {
                    ProviderKey added = s.providerKeys.add(p.id(), k.label(), k.key(), k.accountId(), SOURCE);
                    declared.add(added.id());
                    changed.add(added.id());
                    continue;
                }
                ProviderKey e = existing.get();
                if (!SOURCE.equals(e.source())) {
                    throw new MasterKeys.StartupException("The config file declares key '" + k.label() + "' for provider " + p.id()
                            + ", but a key with that label was added through the CLI or admin API. Rename one of them.");
                }
                declared.add(e.id());
                String current = s.providerKeys.open(new KeyRef(e.id(), e.provider(), e.label(), e.sealedSecret())).secret();
                if (!current.equals(k.key().strip())) {
                    s.providerKeys.replaceSecret(e, k.key(), k.accountId());
                    changed.add(e.id());
                }
            }
        }
        for (ProviderKey e : s.providerKeys.list()) {
            if (SOURCE.equals(e.source()) && !declared.contains(e.id())) {
                s.providerKeys.remove(e.id());
                LOG.log(System.Logger.Level.INFO, "removed provider key " + e.provider() + "/" + e.label() + ": no longer in the config file");
            }
        }
        syncGatewayKeys(s);
        return changed;
    }

    private static void syncGatewayKeys(Services s) {
        Set<String> declared = new HashSet<>();
        List<GatewayKey> existing = s.gatewayKeys.list();
        for (GatewayKeyConfig k : s.config.gatewayKeys()) {
            declared.add(k.sha256());
            var present = existing.stream().filter(e -> e.hash().equals(k.sha256()) && e.active()).findFirst();
            long id;
            if (present.isEmpty()) {
                try {
                    id = s.gatewayKeys.registerHash(k.sha256(), k.name(), k.admin(), SOURCE).id();
                } catch (StoreException e) {
                    throw new MasterKeys.StartupException("Gateway key '" + k.name() + "' from the config file was revoked earlier; "
                            + "a revoked key cannot be reused. Generate a new one.");
                }
            } else {
                id = present.get().id();
            }
            if (present.isEmpty() || !present.get().limits().equals(k.limits())) {
                s.gatewayKeys.setLimits(id, k.limits());
            }
        }
        for (GatewayKey e : existing) {
            if (SOURCE.equals(e.source()) && e.active() && !declared.contains(e.hash())) {
                s.gatewayKeys.revoke(e.id());
                LOG.log(System.Logger.Level.INFO, "revoked gateway key '" + e.name() + "': no longer in the config file");
            }
        }
    }
}
