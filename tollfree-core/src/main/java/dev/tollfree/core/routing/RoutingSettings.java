package dev.tollfree.core.routing;

import java.time.Duration;

/**
 * Limits of the failover loop.
 *
 * @param maxAttempts      upstream attempts per request
 * @param budget           wall-clock budget per request (before commit for streams)
 * @param firstByteTimeout max wait for headers / first stream payload per attempt
 * @param idleTimeout      max gap between stream events
 * @param cooldown         bench for a rate-limited key when the provider names no wait
 * @param firstByteByProvider per-provider first-byte timeouts (providers that prefill for minutes)
 */
public record RoutingSettings(int maxAttempts, Duration budget, Duration firstByteTimeout, Duration idleTimeout, Duration cooldown,
                              java.util.Map<String, Duration> firstByteByProvider) {
    public RoutingSettings {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        firstByteByProvider = java.util.Map.copyOf(firstByteByProvider);
    }

    public RoutingSettings(int maxAttempts, Duration budget, Duration firstByteTimeout, Duration idleTimeout, Duration cooldown) {
        this(maxAttempts, budget, firstByteTimeout, idleTimeout, cooldown, java.util.Map.of());
    }

    public static RoutingSettings defaults() {
        return new RoutingSettings(5, Duration.ofMinutes(5), Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(30));
    }

    /** The first-byte timeout for one provider: its own override (slow prefills) or the default. */
    public Duration firstByteTimeout(String provider) {
        return firstByteByProvider.getOrDefault(provider, firstByteTimeout);
    }
}
