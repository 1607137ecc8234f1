package dev.tollfree.app.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Logging and the request log.
 *
 * @param level               application log level
 * @param requestLog          whether each request is written to the request log
 * @param requestLogRetention how long request-log rows are kept
 */
public record LoggingConfig(LogLevel level, boolean requestLog, Duration requestLogRetention) {
    public static final LoggingConfig DEFAULTS = new LoggingConfig(LogLevel.INFO, true, Duration.ofDays(30));

    public LoggingConfig {
        Objects.requireNonNull(level, "level");
        Durations.requirePositive(requestLogRetention, "logging request_log_retention");
    }
}
