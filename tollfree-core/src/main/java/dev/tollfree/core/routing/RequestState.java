package dev.tollfree.core.routing;

import dev.tollfree.core.adapter.UpstreamError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** What one request has learned while failing over: skipped providers and keys, soonest reset. */
final class RequestState {
    private static final Map<String, AtomicInteger> ROTATION = new ConcurrentHashMap<>();

    private final Set<String> skippedProviders = new HashSet<>();
    private final Set<Long> skippedKeys = new HashSet<>();
    private final Map<String, Integer> serverFailures = new HashMap<>();
    private Instant soonestReset;
    private String budgetNote = "";
    UpstreamError contentPolicy;
    boolean sawOnlyLimits = true;
    boolean sawOnlyTooSmall = true;
    boolean attempted;
    /** A one-off server failure may be retried at once on the same route (not for a stream that broke after its commit). */
    boolean mayRetry = true;

    /** Keys of a route starting at a per-provider round-robin offset, spreading load across keys. */
    List<KeyRef> rotate(Route route) {
        List<KeyRef> keys = route.keys();
        if (keys.size() <= 1) {
            return keys;
        }
        int start = Math.floorMod(ROTATION.computeIfAbsent(route.provider().id(), k -> new AtomicInteger()).getAndIncrement(), keys.size());
        List<KeyRef> out = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            out.add(keys.get((start + i) % keys.size()));
        }
        return out;
    }

    boolean skipsProvider(String provider) {
        return skippedProviders.contains(provider);
    }

    void skipProvider(String provider) {
        skippedProviders.add(provider);
    }

    boolean skipsKey(KeyRef key) {
        return !key.anonymous() && skippedKeys.contains(key.id());
    }

    void skipKey(KeyRef key) {
        if (!key.anonymous()) {
            skippedKeys.add(key.id());
        }
    }

    /** Counts a server-side failure; true when the provider has now failed twice. */
    boolean serverFailure(String provider) {
        return serverFailures.merge(provider, 1, Integer::sum) >= 2;
    }

    void benched(Cooldowns.Bench bench) {
        if (!bench.isLimit()) {
            sawOnlyLimits = false;
        }
        resetAt(bench.until());
    }

    /** A key skipped because the quota ledger knows it has no budget left (a rate limit, unless it can never fit). */
    void quotaDenied(dev.tollfree.core.quota.Denial d) {
        if (d.permanent()) {
            sawOnlyLimits = false;
        }
        d.retryAt().ifPresent(this::resetAt);
    }

    /** A provider skipped because its circuit is open: not a rate limit, but it reopens at a known time. */
    void circuitOpen(Instant reopens) {
        sawOnlyLimits = false;
        resetAt(reopens);
    }

    void resetAt(Instant at) {
        if (soonestReset == null || at.isBefore(soonestReset)) {
            soonestReset = at;
        }
    }

    Optional<Instant> soonestReset() {
        return Optional.ofNullable(soonestReset);
    }

    void exhaustedBudget(String note) {
        budgetNote = note;
    }

    String budgetNote() {
        return budgetNote;
    }
}
