package dev.tollfree.core.service;

import dev.tollfree.core.adapter.Credential;
import dev.tollfree.core.adapter.ModelListing;
import dev.tollfree.core.catalog.ModelSpec;
import dev.tollfree.core.catalog.ProviderSpec;
import dev.tollfree.core.routing.Adapters;
import dev.tollfree.core.routing.KeyRef;
import dev.tollfree.core.secret.Masking;
import dev.tollfree.core.store.DiscoveredModel;
import dev.tollfree.core.store.DiscoveredModelStore;
import dev.tollfree.core.store.ProviderKey;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads each provider's model list and records what it says: ids the catalog does not know become
 * discovered models (disabled until an operator enables them), and catalog or discovered ids the
 * list leaves out are flagged vanished, never removed. A list that cannot be read, or is empty,
 * flags nothing.
 */
public final class ModelDiscovery {
    private final RoutingState routing;
    private final DiscoveredModelStore store;
    private final ProviderKeys keys;
    private final Adapters adapters;
    private final InstantSource clock;

    public ModelDiscovery(RoutingState routing, DiscoveredModelStore store, ProviderKeys keys, Adapters adapters, InstantSource clock) {
        this.routing = routing;
        this.store = store;
        this.keys = keys;
        this.adapters = adapters;
        this.clock = clock;
    }

    /** Every provider with an enabled key, or keyless, in catalog order; providers are read in parallel. */
    public List<DiscoveryReport> discoverAll() {
        Set<String> keyed = new LinkedHashSet<>();
        keys.list().stream().filter(ProviderKey::enabled).forEach(k -> keyed.add(k.provider()));
        List<String> providers = routing.configuredCatalog().providers().stream()
                .filter(p -> p.keyless() || keyed.contains(p.id())).map(ProviderSpec::id).toList();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<DiscoveryReport>> running = new ArrayList<>();
            for (String p : providers) {
                running.add(pool.submit(() -> discoverSafely(p)));
            }
            List<DiscoveryReport> reports = new ArrayList<>();
            for (int i = 0; i < running.size(); i++) {
                reports.add(result(providers.get(i), running.get(i)));
            }
            return reports;
        }
    }

    /** Reads and records one provider's list. Unknown providers are an {@link IllegalArgumentException}. */
    public DiscoveryReport discover(String provider) {
        ProviderSpec spec = routing.configuredCatalog().provider(provider)
                .orElseThrow(() -> new IllegalArgumentException("unknown provider '" + provider + "'; see `tollfree providers list`"));
        if (!adapters.supported().contains(spec.format())) {
            return new DiscoveryReport.Skipped(provider, "no adapter for the " + spec.format().wireName() + " wire format yet");
        }
        Optional<KeyRef> key = pickKey(spec);
        if (key.isEmpty()) {
            return new DiscoveryReport.Skipped(provider, "no enabled key");
        }
        Credential credential;
        ModelListing listing;
        try {
            credential = keys.open(key.get());
            listing = adapters.forFormat(spec.format()).listModels(spec, credential);
        } catch (RuntimeException e) {
            return new DiscoveryReport.Failed(provider, "listing failed: " + e.getClass().getSimpleName());
        }
        return switch (listing) {
            case ModelListing.Failure f -> new DiscoveryReport.Failed(provider, Masking.scrub(f.error().summary(), credential.secret()));
            case ModelListing.Models m when m.ids().isEmpty() -> new DiscoveryReport.Failed(provider, "the provider listed no models");
            case ModelListing.Models m -> record(spec, m.ids());
        };
    }

    private DiscoveryReport record(ProviderSpec spec, List<String> ids) {
        Instant now = clock.instant();
        Set<String> listed = new TreeSet<>(ids);
        Set<String> configured = new TreeSet<>(spec.models().stream().map(ModelSpec::id).toList());
        Map<String, DiscoveredModel> before = new HashMap<>();
        store.listFor(spec.id()).forEach(r -> before.put(r.model(), r));

        List<String> fresh = listed.stream().filter(id -> !configured.contains(id)).toList();
        List<String> added = fresh.stream().filter(id -> !before.containsKey(id)).toList();
        Set<String> notListed = new TreeSet<>(configured);
        notListed.addAll(before.keySet());
        notListed.removeAll(listed);

        store.upsertSeen(spec.id(), List.copyOf(listed), now);
        store.markVanished(spec.id(), notListed, now);

        boolean newlyVanished = notListed.stream().anyMatch(id -> before.get(id) == null || !before.get(id).vanished());
        boolean reappeared = listed.stream().anyMatch(id -> before.get(id) != null && before.get(id).vanished());
        if (!added.isEmpty() || newlyVanished || reappeared) {
            routing.changed(); // the effective catalog changed: every gateway rebuilds
        }
        return new DiscoveryReport.Listed(spec.id(), listed.size() - fresh.size(), fresh, added, List.copyOf(notListed));
    }

    /** An enabled key, one last checked valid first; the anonymous key of a keyless provider without keys. */
    private Optional<KeyRef> pickKey(ProviderSpec spec) {
        Optional<ProviderKey> best = keys.list().stream()
                .filter(k -> k.provider().equals(spec.id()) && k.enabled())
                .min(Comparator.comparingInt(ModelDiscovery::rank).thenComparingLong(ProviderKey::id));
        if (best.isPresent()) {
            ProviderKey k = best.get();
            return Optional.of(new KeyRef(k.id(), k.provider(), k.label(), k.sealedSecret()));
        }
        return spec.keyless() ? Optional.of(KeyRef.anonymous(spec.id())) : Optional.empty();
    }

    private static int rank(ProviderKey k) {
        String status = k.lastCheck().map(ProviderKey.KeyCheck::status).orElse("");
        return switch (status) {
            case "valid" -> 0;
            case "invalid" -> 2;
            default -> 1;
        };
    }

    private DiscoveryReport discoverSafely(String provider) {
        try {
            return discover(provider);
        } catch (RuntimeException e) {
            return new DiscoveryReport.Failed(provider, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static DiscoveryReport result(String provider, Future<DiscoveryReport> f) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            return new DiscoveryReport.Failed(provider, String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new DiscoveryReport.Failed(provider, "interrupted");
        }
    }
}
