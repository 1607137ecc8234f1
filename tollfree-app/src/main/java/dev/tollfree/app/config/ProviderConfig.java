package dev.tollfree.app.config;

import dev.tollfree.core.catalog.Catalog;
import dev.tollfree.core.catalog.ProviderSpec;
import java.util.List;

/**
 * A provider section of the config file: either changes to a {@link BuiltInProviderConfig built-in}
 * catalog provider or a whole {@link CustomProviderConfig custom} one.
 */
public sealed interface ProviderConfig permits BuiltInProviderConfig, CustomProviderConfig {
    String id();

    /** False turns the provider off; it stays in the catalog but is never routed to. */
    boolean enabled();

    /** Keys declared in the file, in order; entries whose variable was unset are already dropped. */
    List<ProviderKeyConfig> keys();

    boolean custom();

    /** The effective provider description, given the catalog this config was loaded against. */
    default ProviderSpec spec(Catalog catalog) {
        return switch (this) {
            case CustomProviderConfig c -> c.toSpec();
            case BuiltInProviderConfig b -> b.applyTo(catalog.provider(b.id()).orElseThrow(
                    () -> new IllegalArgumentException("provider " + b.id() + " is not in the catalog")));
        };
    }
}
