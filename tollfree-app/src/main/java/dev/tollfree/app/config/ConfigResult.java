package dev.tollfree.app.config;

import java.util.List;
import java.util.Objects;

/**
 * A loaded configuration and the warnings found on the way (for example a provider key skipped
 * because its environment variable is not set). Warnings never contain secret values.
 */
public record ConfigResult(GatewayConfig config, List<String> warnings) {
    public ConfigResult {
        Objects.requireNonNull(config, "config");
        warnings = List.copyOf(warnings);
    }
}
