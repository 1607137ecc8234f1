package dev.tollfree.core.routing;

import java.util.Optional;

/**
 * One upstream attempt as the dispatcher saw it.
 *
 * @param failure empty on success
 */
public record Attempt(Route route, KeyRef key, int status, Optional<FailureClass> failure, String detail,
                      long latencyMillis, long firstByteMillis) {
    public boolean ok() {
        return failure.isEmpty();
    }

    /** One line for the caller's failure summary. */
    public String line() {
        return route.name() + " (key " + key.label() + "): "
                + failure.map(FailureClass::wireName).orElse("ok") + " — " + detail;
    }
}
