package dev.tollfree.core.catalog;

import java.util.List;
import java.util.Set;

/**
 * One model as a provider serves it.
 *
 * @param id              the provider's own model id, sent upstream
 * @param canonical       the cross-provider name callers may use (e.g. {@code llama-3.3-70b}); equals id when unique
 * @param contextWindow   tokens of context, input plus output
 * @param maxOutput       max output tokens, 0 if unknown
 * @param capabilities    what it can do
 * @param limits          per-key free-tier limits for this model
 * @param intelligence    rank 1..100, higher is smarter; orders the default chain
 * @param speed           rank 1..100, higher is faster
 * @param free            true when the model costs nothing on this provider's free tier
 * @param enabled         whether the catalog enables it by default
 * @param aliases         other names callers may use for this model
 */
public record ModelSpec(
        String id,
        String canonical,
        int contextWindow,
        int maxOutput,
        Set<Capability> capabilities,
        Limits limits,
        int intelligence,
        int speed,
        boolean free,
        boolean enabled,
        List<String> aliases) {

    public ModelSpec {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("model id is required");
        }
        canonical = canonical == null || canonical.isBlank() ? id : canonical;
        capabilities = Set.copyOf(capabilities == null ? Set.of() : capabilities);
        limits = limits == null ? Limits.NONE : limits;
        aliases = List.copyOf(aliases == null ? List.of() : aliases);
    }

    public boolean can(Capability capability) {
        return capabilities.contains(capability);
    }
}
