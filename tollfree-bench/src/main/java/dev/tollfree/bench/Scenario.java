package dev.tollfree.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A pair of targets measured side by side: the fake upstream called directly, and the same call
 * through the gateway. Declared in running order: streams come last, because overloading them
 * (at 2,000 streams/s) grows the gateway's heap, which would colour what is measured after.
 */
enum Scenario {
    /** Non-streaming, one provider, no upstream latency. */
    PLAIN("non-streaming, one provider, upstream answers at once", false),
    /** Non-streaming through a ten-provider chain whose first provider answers 429 at once. */
    FAILOVER("non-streaming, ten-provider chain, the first answers 429 (Retry-After: 0) so every request fails over once", false),
    /** Non-streaming, one provider that waits before answering. */
    SLOW("non-streaming, one provider, upstream latency 50 ms (default)", false),
    /** Streaming, one provider: first token after no latency, then the configured chunks and gaps. */
    STREAM("streaming, one provider", true);

    final String description;
    final boolean stream;

    Scenario(String description, boolean stream) {
        this.description = description;
        this.stream = stream;
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The path the direct side calls on the fake upstream. */
    String directPath(Options o) {
        return this == SLOW ? "/delay-" + o.slowLatency().toMillis() + "/v1/chat/completions" : "/v1/chat/completions";
    }

    /** The model the gateway side asks for. */
    String gatewayModel() {
        return switch (this) {
            case PLAIN, STREAM -> GatewayConfigFile.SOLO;
            case FAILOVER -> GatewayConfigFile.CHAIN;
            case SLOW -> GatewayConfigFile.slowModel();
        };
    }

    static List<Scenario> parseList(String text) {
        List<Scenario> out = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.strip().toUpperCase(Locale.ROOT);
            try {
                out.add(valueOf(p));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown scenario '" + part.strip() + "'; expected plain, failover, slow or stream");
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("--scenarios needs at least one scenario");
        }
        return List.copyOf(out);
    }
}
