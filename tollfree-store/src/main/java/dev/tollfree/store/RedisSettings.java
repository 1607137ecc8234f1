package dev.tollfree.store;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where the state that several gateway processes share lives: quota counters, benches and sticky
 * sessions in one Redis. {@link #toString()} masks a password in the URL.
 *
 * @param url     {@code redis://[[user]:password@]host[:port][/database]}, or {@code rediss://} for TLS
 * @param prefix  the first part of every key Tollfree writes, so that several deployments (or tests)
 *                can share one Redis; letters, digits, {@code -}, {@code _} and {@code .}
 * @param timeout how long one command may take before the gateway treats Redis as unreachable
 */
public record RedisSettings(String url, String prefix, Duration timeout) {
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    public static final String DEFAULT_PREFIX = "tollfree";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    public RedisSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(timeout, "timeout");
        if (!url.startsWith("redis://") && !url.startsWith("rediss://")) {
            throw new IllegalArgumentException("a Redis URL starts with redis:// or rediss://, was '" + Redaction.maskUrlPassword(url) + "'");
        }
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("the Redis key prefix may hold only letters, digits, '-', '_' and '.' (1 to 64), was '" + prefix + "'");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the Redis timeout must be positive, was " + timeout);
        }
    }

    public static RedisSettings of(String url) {
        return new RedisSettings(url, DEFAULT_PREFIX, DEFAULT_TIMEOUT);
    }

    public RedisSettings withPrefix(String p) {
        return new RedisSettings(url, p, timeout);
    }

    /** The URL with its password masked, for messages. */
    public String describe() {
        return Redaction.maskUrlPassword(url);
    }

    @Override
    public String toString() {
        return "RedisSettings[url=" + describe() + ", prefix=" + prefix + ", timeout=" + timeout + "]";
    }
}
