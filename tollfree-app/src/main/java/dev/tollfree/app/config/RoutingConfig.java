package dev.tollfree.app.config;

import java.time.Duration;
import java.util.List;

/**
 * How requests are routed and how long upstream calls may take.
 *
 * @param chain            explicit order for the {@code auto} model as {@code provider/model}
 *                         entries; empty to rank by intelligence
 * @param maxAttempts      upstream attempts per request, 1..20
 * @param connectTimeout   TCP + TLS connect to an upstream
 * @param firstByteTimeout until the upstream sends response headers or the first stream event
 * @param idleTimeout      longest gap between two stream events
 * @param cooldown         default bench time for a key after a rate limit without Retry-After
 * @param firstByteTimeouts per-provider first-byte timeouts, for providers that prefill for minutes
 * @param stickySessions   whether a conversation stays on the model that served it
 * @param sessionTtl       how long a conversation stays sticky after its last request
 */
public record RoutingConfig(
        List<String> chain,
        int maxAttempts,
        Duration connectTimeout,
        Duration firstByteTimeout,
        Duration idleTimeout,
        Duration cooldown,
        java.util.Map<String, Duration> firstByteTimeouts,
        boolean stickySessions,
        Duration sessionTtl) {

    public static final int MAX_ATTEMPTS_LIMIT = 20;
    public static final RoutingConfig DEFAULTS = new RoutingConfig(
            List.of(), 5, Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(30),
            java.util.Map.of(), true, Duration.ofMinutes(30));

    /** Defaults for the settings added after the first version. */
    public RoutingConfig(List<String> chain, int maxAttempts, Duration connectTimeout, Duration firstByteTimeout,
                         Duration idleTimeout, Duration cooldown) {
        this(chain, maxAttempts, connectTimeout, firstByteTimeout, idleTimeout, cooldown, java.util.Map.of(), true, Duration.ofMinutes(30));
    }

    public RoutingConfig {
        chain = List.copyOf(chain);
        firstByteTimeouts = java.util.Map.copyOf(firstByteTimeouts);
        firstByteTimeouts.values().forEach(d -> Durations.requirePositive(d, "routing first_byte_timeouts"));
        Durations.requirePositive(sessionTtl, "routing session_ttl");
        for (String entry : chain) {
            int slash = entry.indexOf('/');
            if (slash <= 0 || slash == entry.length() - 1) {
                throw new IllegalArgumentException("chain entry '" + entry + "' must be provider/model");
            }
        }
        if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS_LIMIT) {
            throw new IllegalArgumentException("max_attempts must be 1.." + MAX_ATTEMPTS_LIMIT + ", got " + maxAttempts);
        }
        Durations.requirePositive(connectTimeout, "routing connect_timeout");
        Durations.requirePositive(firstByteTimeout, "routing first_byte_timeout");
        Durations.requirePositive(idleTimeout, "routing idle_timeout");
        Durations.requirePositive(cooldown, "routing cooldown");
    }
}
