package dev.tollfree.core.secret;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MaskingTest {

    /** Secret characters (not a public vendor prefix) that the hint shows, in order of appearance. */
    private static int revealed(String secret, String hint) {
        int ellipsis = hint.indexOf('…');
        String prefix = hint.substring(0, ellipsis);
        String suffix = hint.substring(ellipsis + 1).replace("*", "");
        assertThat(secret).startsWith(prefix).endsWith(suffix);
        return suffix.length() + (isVendorPrefix(prefix) ? 0 : prefix.length());
    }

    /** {@code gsk_}, {@code csk-}, {@code hf_}, {@code sk-}: letters closed by a separator, the same in every key of a vendor. */
    private static boolean isVendorPrefix(String prefix) {
        return prefix.isEmpty() || prefix.matches("[A-Za-z]{1,3}[_-]");
    }

    @ParameterizedTest
    @CsvSource({
            "gsk_abcdefghijklmnopqrstuvwxyz0123, gsk_…0123",
            "csk-9f8e7d6c5b4a39281706, csk-…1706",
            "hf_AbCdEfGhIjKlMnOpQrStUv, hf_…StUv",
            "sk-or-v1-0123456789abcdef, sk-…cdef",
            "nvapi-XYZ1234567890abcd, …abcd",
            "AIzaSyA1234567890abcdefghij, …ghij",
    })
    void hint_knownKeyShapes_showVendorPrefixAndLastFour(String secret, String expected) {
        assertThat(Masking.hint(secret)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abcdefghijklmnop", "ABCDefghIJKLmnopQRST", "abcd1234efgh5678", "a_b-cdefghijklmn"})
    void hint_keyWithoutVendorPrefix_revealsOnlyTheLastFour(String secret) {
        assertThat(revealed(secret, Masking.hint(secret))).isLessThanOrEqualTo(4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "abcd", "short-key", "elevenchars"})
    void hint_shortSecret_revealsNothing(String secret) {
        String hint = Masking.hint(secret);
        assertThat(hint).startsWith("…").matches("…\\**");
    }

    @Test
    void hint_nullOrEmpty_isNone() {
        assertThat(Masking.hint(null)).isEqualTo("(none)");
        assertThat(Masking.hint("")).isEqualTo("(none)");
    }

    @Test
    void hint_randomSecrets_neverRevealMoreThanTheLastFour() {
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-";
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 5_000; i++) {
            int length = 1 + random.nextInt(60);
            StringBuilder sb = new StringBuilder();
            for (int j = 0; j < length; j++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String secret = sb.toString();
            assertThat(revealed(secret, Masking.hint(secret))).as(secret).isLessThanOrEqualTo(4);
        }
    }
}
