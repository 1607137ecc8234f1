package dev.tollfree.app.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The Redis that several gateway processes share quota counters, benches and sticky sessions
 * through. Without a URL, that state lives in this process (and its database). {@link #toString()}
 * masks a password in the URL.
 *
 * @param url     {@code redis://[[user]:password@]host[:port][/db]} or {@code rediss://}; empty for none
 * @param prefix  the start of every key Tollfree writes (several deployments can share one Redis)
 * @param timeout how long one Redis command may take before the gateway counts on its own
 */
public record RedisConfig(Optional<String> url, String prefix, Duration timeout) {
    public static final RedisConfig DEFAULTS = new RedisConfig(Optional.empty(), "tollfree", Duration.ofSeconds(2));

    public RedisConfig {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(timeout, "timeout");
        url = url.map(String::trim).filter(s -> !s.isEmpty());
        url.ifPresent(u -> {
            try {
                Values.redisUrl(u);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("redis url " + e.getMessage(), e);
            }
        });
        try {
            Values.redisPrefix(prefix);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("redis prefix " + e.getMessage(), e);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("redis timeout must be positive, was " + timeout);
        }
    }

    public boolean enabled() {
        return url.isPresent();
    }

    @Override
    public String toString() {
        return "RedisConfig[url=" + url.map(RedisConfig::mask).orElse("(none: state kept in this process)")
                + ", prefix=" + prefix + ", timeout=" + timeout + "]";
    }

    private static String mask(String u) {
        return u.replaceAll("//([^/@:]*):[^/@]*@", "//$1:" + Secrets.MASK + "@");
    }
}
