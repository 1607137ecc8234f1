package dev.tollfree.core.secret;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM sealing of secrets at rest. A sealed value is {@code v1:} + base64(12-byte nonce ‖
 * ciphertext ‖ 16-byte tag). A fresh random nonce per value; the associated data binds a value
 * to its purpose (e.g. {@code provider-key:groq}) so a ciphertext cannot be moved to another row.
 */
public final class SecretBox {
    private static final String PREFIX = "v1:";
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    public SecretBox(byte[] masterKey) {
        if (masterKey.length != 32) {
            throw new IllegalArgumentException("the master key must be 32 bytes (256 bits), got " + masterKey.length);
        }
        this.key = new SecretKeySpec(masterKey.clone(), "AES");
    }

    public String seal(String plaintext, String purpose) {
        byte[] nonce = new byte[NONCE];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[NONCE + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE);
            System.arraycopy(sealed, 0, out, NONCE, sealed.length);
            return PREFIX + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    /** Opens a sealed value; {@link WrongKeyException} when the master key (or purpose) does not match. */
    public String open(String sealed, String purpose) {
        if (!sealed.startsWith(PREFIX)) {
            throw new WrongKeyException("sealed value has an unknown format");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new WrongKeyException("sealed value is not valid base64");
        }
        if (raw.length < NONCE + TAG_BITS / 8) {
            throw new WrongKeyException("sealed value is too short");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, raw, 0, NONCE));
            cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(raw, NONCE, raw.length - NONCE);
            String result = new String(plain, StandardCharsets.UTF_8);
            Arrays.fill(plain, (byte) 0);
            return result;
        } catch (AEADBadTagException e) {
            throw new WrongKeyException("sealed value does not open with this master key");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    /** The sealed value failed authentication: wrong master key, wrong purpose, or tampering. */
    public static final class WrongKeyException extends RuntimeException {
        public WrongKeyException(String message) {
            super(message, null, false, false);
        }
    }
}
