package dev.tollfree.app.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The master key that encrypts provider keys at rest. {@link #toString()} masks the key.
 *
 * @param masterKey     base64 of 32 bytes; empty to read (or create) the key file
 * @param masterKeyFile explicit key file path (absolute); empty for {@code <dataDir>/master.key}
 */
public record SecurityConfig(Optional<String> masterKey, Optional<Path> masterKeyFile) {
    public static final SecurityConfig DEFAULTS = new SecurityConfig(Optional.empty(), Optional.empty());

    public SecurityConfig {
        masterKey = masterKey.map(String::trim).filter(s -> !s.isEmpty());
        masterKey.ifPresent(k -> {
            try {
                Values.masterKey(k);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("master key " + e.getMessage(), e);
            }
        });
    }

    /** The key file to read or create when no key is given: the configured one or {@code <dataDir>/master.key}. */
    public Path masterKeyFile(Path dataDir) {
        return masterKeyFile.orElseGet(() -> dataDir.resolve("master.key"));
    }

    @Override
    public String toString() {
        return "SecurityConfig[masterKey=" + masterKey.map(k -> Secrets.MASK).orElse("(from file)")
                + ", masterKeyFile=" + masterKeyFile.map(Path::toString).orElse("(data_dir/master.key)") + "]";
    }
}
