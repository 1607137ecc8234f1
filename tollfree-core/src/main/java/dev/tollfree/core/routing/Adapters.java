package dev.tollfree.core.routing;

import dev.tollfree.core.adapter.ProviderAdapter;
import dev.tollfree.core.catalog.WireFormat;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/** Which adapter speaks which wire format. Formats without an adapter are never routed to. */
public final class Adapters {
    private final Map<WireFormat, ProviderAdapter> byFormat;

    public Adapters(Map<WireFormat, ProviderAdapter> byFormat) {
        this.byFormat = new EnumMap<>(byFormat);
    }

    public ProviderAdapter forFormat(WireFormat format) {
        ProviderAdapter a = byFormat.get(format);
        if (a == null) {
            throw new IllegalStateException("no adapter for wire format " + format);
        }
        return a;
    }

    public Set<WireFormat> supported() {
        return Set.copyOf(byFormat.keySet());
    }
}
