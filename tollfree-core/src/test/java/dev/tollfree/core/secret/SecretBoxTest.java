package dev.tollfree.core.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretBoxTest {
    private static final String PURPOSE = "provider-key:groq";

    private static byte[] key(int fill) {
        byte[] k = new byte[32];
        Arrays.fill(k, (byte) fill);
        return k;
    }

    private final SecretBox box = new SecretBox(key(7));

    @ParameterizedTest
    @ValueSource(strings = {"gsk_abcdefghijklmnop", "", "acc123:token:with:colons", "ünïcødé 日本 😀"})
    void open_sealedValue_roundTrips(String secret) {
        String sealed = box.seal(secret, PURPOSE);
        assertThat(sealed).startsWith("v1:").doesNotContain(secret.isEmpty() ? "\0" : secret);
        assertThat(box.open(sealed, PURPOSE)).isEqualTo(secret);
    }

    @Test
    void seal_sameSecretTwice_givesDifferentCiphertexts() {
        String a = box.seal("gsk_same", PURPOSE);
        String b = box.seal("gsk_same", PURPOSE);
        assertThat(a).isNotEqualTo(b);
        byte[] rawA = Base64.getDecoder().decode(a.substring(3));
        byte[] rawB = Base64.getDecoder().decode(b.substring(3));
        assertThat(Arrays.copyOf(rawA, 12)).as("nonces differ").isNotEqualTo(Arrays.copyOf(rawB, 12));
        assertThat(rawA).hasSize(12 + "gsk_same".length() + 16);
    }

    @Test
    void open_withAnotherMasterKey_isWrongKey() {
        String sealed = box.seal("gsk_secret", PURPOSE);
        assertThatThrownBy(() -> new SecretBox(key(8)).open(sealed, PURPOSE))
                .isInstanceOf(SecretBox.WrongKeyException.class)
                .hasMessageContaining("master key");
    }

    @Test
    void open_withAnotherPurpose_isWrongKey() {
        String sealed = box.seal("gsk_secret", PURPOSE);
        assertThatThrownBy(() -> box.open(sealed, "provider-key:cerebras")).isInstanceOf(SecretBox.WrongKeyException.class);
    }

    @Test
    void open_tamperedCiphertext_isWrongKey() {
        byte[] raw = Base64.getDecoder().decode(box.seal("gsk_secret", PURPOSE).substring(3));
        for (int i = 0; i < raw.length; i++) {
            byte[] tampered = raw.clone();
            tampered[i] ^= 0x01;
            String sealed = "v1:" + Base64.getEncoder().encodeToString(tampered);
            assertThatThrownBy(() -> box.open(sealed, PURPOSE)).as("flipped byte %d", i).isInstanceOf(SecretBox.WrongKeyException.class);
        }
    }

    @Test
    void open_truncatedCiphertext_isWrongKey() {
        byte[] raw = Base64.getDecoder().decode(box.seal("gsk_secret", PURPOSE).substring(3));
        String cut = "v1:" + Base64.getEncoder().encodeToString(Arrays.copyOf(raw, raw.length - 1));
        assertThatThrownBy(() -> box.open(cut, PURPOSE)).isInstanceOf(SecretBox.WrongKeyException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "gsk_plaintext", "v2:AAAA", "v1:not base64!!", "v1:", "v1:AAAAAAAAAAAAAAAAAAAA"})
    void open_badFormat_isWrongKeyWithAReason(String sealed) {
        assertThatThrownBy(() -> box.open(sealed, PURPOSE))
                .isInstanceOf(SecretBox.WrongKeyException.class)
                .hasMessageStartingWith("sealed value");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 16, 31, 33, 64})
    void constructor_masterKeyNot32Bytes_isRejected(int length) {
        assertThatThrownBy(() -> new SecretBox(new byte[length]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes").hasMessageContaining("got " + length);
    }

    @Test
    void constructor_copiesTheMasterKey() {
        byte[] master = key(9);
        SecretBox b = new SecretBox(master);
        String sealed = b.seal("x", PURPOSE);
        Arrays.fill(master, (byte) 0);
        assertThat(b.open(sealed, PURPOSE)).isEqualTo("x");
    }
}
