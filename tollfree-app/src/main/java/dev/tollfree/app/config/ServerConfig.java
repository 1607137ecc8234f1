package dev.tollfree.app.config;

import java.time.Duration;

/**
 * The HTTP listener.
 *
 * @param host           bind address
 * @param port           TCP port, 0 for any free port
 * @param maxBodySize    largest accepted request body, in bytes
 * @param requestTimeout wall-clock budget for a whole request, all upstream attempts included
 */
public record ServerConfig(String host, int port, long maxBodySize, Duration requestTimeout) {
    public static final ServerConfig DEFAULTS = new ServerConfig("127.0.0.1", 3001, 10L << 20, Duration.ofSeconds(300));

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
    }
}
