package dev.tollfree.app;

import dev.tollfree.core.secret.SecretBox;
import dev.tollfree.core.store.SettingsStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the master key (environment/config, else the key file, created on the very first start)
 * and proves it is the key the database was created with. It never creates a new key for a
 * database that already holds sealed data: that would make every stored provider key unreadable.
 */
final class MasterKeys {
    private static final System.Logger LOG = System.getLogger(MasterKeys.class.getName());
    static final String CHECK_META = "master_key_check";
    private static final String CHECK_PURPOSE = "master-key-check";
    private static final String CHECK_VALUE = "tollfree";

    private MasterKeys() {}

    /** Thrown for every problem an operator must fix before Tollfree can start. */
    static final class StartupException extends RuntimeException {
        StartupException(String message) {
            super(message, null, false, false);
        }
    }

    static SecretBox resolve(Optional<String> configured, Path keyFile, SettingsStore settings, boolean hasSealedData) {
        Optional<String> check = settings.meta(CHECK_META);
        boolean initialised = check.isPresent() || hasSealedData;
        byte[] key;
        String origin;
        if (configured.isPresent()) {
            key = decode(configured.get(), "TOLLFREE_MASTER_KEY (or security.master_key)");
            origin = "TOLLFREE_MASTER_KEY";
        } else if (Files.exists(keyFile)) {
            key = readFile(keyFile);
            origin = keyFile.toString();
        } else if (initialised) {
            throw new StartupException("This database was set up with a master key (it may hold encrypted provider keys), but the master key is missing: "
                    + keyFile + " does not exist and TOLLFREE_MASTER_KEY is not set. Restore the original key file (or set "
                    + "TOLLFREE_MASTER_KEY to the original key). Tollfree will not create a new key, because the stored keys "
                    + "could never be decrypted with it.");
        } else {
            key = create(keyFile);
            origin = keyFile + " (created)";
        }
        SecretBox box = new SecretBox(key);
        if (check.isPresent()) {
            try {
                box.open(check.get(), CHECK_PURPOSE);
            } catch (SecretBox.WrongKeyException e) {
                throw new StartupException("The master key from " + origin + " is not the key this database was created with, "
                        + "so the stored provider keys cannot be decrypted. Use the original key (key file or TOLLFREE_MASTER_KEY); "
                        + "nothing was changed.");
            }
        } else {
            settings.putMeta(CHECK_META, box.seal(CHECK_VALUE, CHECK_PURPOSE));
        }
        LOG.log(System.Logger.Level.DEBUG, "master key from " + origin);
        return box;
    }

    private static byte[] decode(String text, String where) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text.strip());
        } catch (IllegalArgumentException e) {
            throw new StartupException(where + " is not valid base64; it must be 32 random bytes in base64 (e.g. `openssl rand -base64 32`).");
        }
        if (key.length != 32) {
            throw new StartupException(where + " decodes to " + key.length + " bytes; it must be exactly 32 bytes (e.g. `openssl rand -base64 32`).");
        }
        return key;
    }

    private static byte[] readFile(Path file) {
        try {
            warnIfReadableByOthers(file);
            return decode(Files.readString(file, StandardCharsets.US_ASCII), "the master key file " + file);
        } catch (IOException e) {
            throw new StartupException("Cannot read the master key file " + file + ": " + e.getMessage());
        }
    }

    private static byte[] create(Path file) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            }
            Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
        } catch (FileAlreadyExistsException e) {
            return readFile(file);
        } catch (IOException e) {
            throw new StartupException("Cannot create the master key file " + file + ": " + e.getMessage());
        }
        LOG.log(System.Logger.Level.INFO, "created master key file " + file + " (mode 0600) — back it up: without it the stored provider keys cannot be decrypted");
        return key;
    }

    private static void warnIfReadableByOthers(Path file) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
                LOG.log(System.Logger.Level.WARNING, "master key file " + file + " is readable by other users; run: chmod 600 " + file);
            }
        } catch (UnsupportedOperationException | IOException ignored) {
            // not a POSIX file system
        }
    }
}
