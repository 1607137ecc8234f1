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
 */
public record RoutingSettings(int maxAttempts, Duration budget, Duration firstByteTimeout, Duration idleTimeout, Duration cooldown) {
    public RoutingSettings {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    public static RoutingSettings defaults() {
        return new RoutingSettings(5, Duration.ofMinutes(5), Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(30));
    }
}
