package dev.tollfree.core.store;

import java.util.List;
import java.util.Optional;

/** Run-time operator settings: model overrides, the fallback chain, small key/value metadata. */
public interface SettingsStore {
    List<ModelSetting> modelSettings();

    /** Inserts or replaces the override for (provider, model). */
    void putModelSetting(ModelSetting setting);

    /** The stored fallback chain as {@code provider/model} entries; empty when none was saved. */
    List<String> chain();

    void putChain(List<String> entries);

    Optional<String> meta(String key);

    void putMeta(String key, String value);
}
