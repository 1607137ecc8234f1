package dev.tollfree.core.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What model discovery has learned about one model of one provider.
 *
 * @param provider       provider id
 * @param model          the provider's own model id, as its model list names it
 * @param firstSeen      when discovery first recorded the model (listed, or found missing from a list)
 * @param lastSeen       when the provider last listed it; empty for a catalog model never listed
 * @param vanishedSince  since when the provider's list has left it out; empty while it is listed
 */
public record DiscoveredModel(
        String provider,
        String model,
        Instant firstSeen,
        Optional<Instant> lastSeen,
        Optional<Instant> vanishedSince) {

    public DiscoveredModel {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastSeen, "lastSeen");
        Objects.requireNonNull(vanishedSince, "vanishedSince");
    }

    public boolean vanished() {
        return vanishedSince.isPresent();
    }

    /** {@code provider/model}. */
    public String name() {
        return provider + "/" + model;
    }
}
