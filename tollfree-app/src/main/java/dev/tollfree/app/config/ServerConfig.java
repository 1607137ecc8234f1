package dev.tollfree.app.config;

import java.time.Duration;

/**
 * The HTTP listener.
 *
 * @param host           bind address
 * @param port           TCP port, 0 for any free port
 * @param maxBodySize    largest accepted request body, in bytes
 * @param requestTimeout wall-clock budget for a whole request, all upstream attempts included
 * @param maxInFlight    chat requests served at once; more wait up to {@code queueTimeout}
 * @param queueTimeout   longest wait for a free slot before answering 429 {@code gateway_overloaded}
 */
public record ServerConfig(String host, int port, long maxBodySize, Duration requestTimeout, int maxInFlight, Duration queueTimeout) {
    public static final int MAX_IN_FLIGHT_LIMIT = 100_000;
    public static final ServerConfig DEFAULTS = new ServerConfig("127.0.0.1", 3001, 10L << 20, Duration.ofSeconds(300), 1024, Duration.ofSeconds(2));

    /** Defaults for the overload settings. */
    public ServerConfig(String host, int port, long maxBodySize, Duration requestTimeout) {
        this(host, port, maxBodySize, requestTimeout, 1024, Duration.ofSeconds(2));
    }

    public ServerConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("server host must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("server port must be 0..65535, got " + port);
        }
        if (maxBodySize <= 0) {
            throw new IllegalArgumentException("server max_body_size must be positive");
        }
        Durations.requirePositive(requestTimeout, "server request_timeout");
        if (maxInFlight < 1 || maxInFlight > MAX_IN_FLIGHT_LIMIT) {
            throw new IllegalArgumentException("server max_in_flight must be 1.." + MAX_IN_FLIGHT_LIMIT + ", got " + maxInFlight);
        }
        if (queueTimeout == null || queueTimeout.isNegative()) {
            throw new IllegalArgumentException("server queue_timeout must not be negative");
        }
    }
}
