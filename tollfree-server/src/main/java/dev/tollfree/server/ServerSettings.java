package dev.tollfree.server;

/** Where and how the HTTP server listens. */
public record ServerSettings(String host, int port, long maxBodyBytes, int maxInFlight, java.time.Duration queueTimeout,
                             java.time.Duration requestTimeout) {
    public ServerSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535");
        }
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("max body size must be at least 1 KB");
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("max in-flight requests must be at least 1");
        }
    }
}
