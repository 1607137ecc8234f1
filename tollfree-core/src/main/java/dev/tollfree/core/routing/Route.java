package dev.tollfree.core.routing;

import dev.tollfree.core.catalog.ModelSpec;
import dev.tollfree.core.catalog.ProviderSpec;
import java.util.List;

/** One servable (provider, model) with the keys that may call it, in rotation order. */
public record Route(ProviderSpec provider, ModelSpec model, List<KeyRef> keys) {
    public Route {
        keys = List.copyOf(keys);
    }

    /** {@code provider/model}, as shown in {@code X-Routed-Via} and logs. */
    public String name() {
        return provider.id() + "/" + model.id();
    }
}
