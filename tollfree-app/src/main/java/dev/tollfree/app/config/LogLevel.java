package dev.tollfree.app.config;

import java.util.Locale;

/** How much the gateway logs; the YAML names are the lower-case constants. */
public enum LogLevel {
    ERROR,
    WARN,
    INFO,
    DEBUG;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
