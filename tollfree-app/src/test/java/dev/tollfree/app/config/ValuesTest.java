package dev.tollfree.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValuesTest {

    @ParameterizedTest
    @CsvSource({
            "1, 1",
            "10485760, 10485760",
            "1B, 1",
            "512KB, 524288",
            "512kb, 524288",
            "10MB, 10485760",
            "10 MB, 10485760",
            "10MiB, 10485760",
            "1GB, 1073741824",
            "1gib, 1073741824",
            "' 7KB ', 7168",
            "8589934591GB, 9223372035781033984",
    })
    void size_parses(String text, long bytes) {
        assertThat(Values.size(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "0MB", "-1", "-1KB", "1.5MB", "10 parsecs", "MB", "1TB", "1 K B", "8589934592GB",
            "99999999999999999999"})
    void size_rejects(String text) {
        assertThatThrownBy(() -> Values.size(text)).isInstanceOf(IllegalArgumentException.class)
                .message().matches("(is|must) .*expected a number of bytes or a size such as 512KB, 10MB or 1GB");
    }

    @ParameterizedTest
    @CsvSource({
            "250ms, PT0.25S",
            "1ms, PT0.001S",
            "30s, PT30S",
            "5m, PT5M",
            "1h, PT1H",
            "30d, PT720H",
            "1h30m, PT1H30M",
            "1m500ms, PT1M0.5S",
            "' 60s ', PT1M",
            "0s1ms, PT0.001S",
    })
    void duration_parses(String text, String iso) {
        assertThat(Values.duration(text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "30", "0s", "0ms0s", "-5s", "1.5s", "5 s", "5S", "5sec", "1w", "s", "h1", "1h 30m",
            "99999999999999999999d", "9999999999999999d"})
    void duration_rejects(String text) {
        assertThatThrownBy(() -> Values.duration(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected a whole number with a unit ms, s, m, h or d");
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "3001, 3001", "65535, 65535", "+80, 80", "' 8080 ', 8080"})
    void port_parses(String text, int port) {
        assertThat(Values.port(text)).isEqualTo(port);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "65536", "80.0", "0x50", "eighty", "", "99999999999999999999999"})
    void port_rejects(String text) {
        assertThatThrownBy(() -> Values.port(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("expected a whole number from 0 to 65535");
    }

    @ParameterizedTest
    @CsvSource({"true, true", "TRUE, true", "False, false"})
    void bool_parses(String text, boolean value) {
        assertThat(Values.bool(text)).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "no", "on", "off", "1", "0", ""})
    void bool_rejectsYaml11Spellings(String text) {
        assertThatThrownBy(() -> Values.bool(text)).hasMessage("is not a boolean; expected true or false");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "plain|plain",
            "${A}|a-value",
            "x-${A}-${B}|x-a-value-b",
            "${MISSING:-fallback}|fallback",
            "${EMPTY:-fallback}|fallback",
            "${EMPTY}|''",
            "${A:-fallback}|a-value",
            "${MISSING:-}|''",
            "$${A}|${A}",
            "cost: $5|cost: $5",
            "$|$",
            "${MISSING:-a:-b}|a:-b",
    })
    void interpolation_substitutes(String raw, String expected) {
        Map<String, String> env = Map.of("A", "a-value", "B", "b", "EMPTY", "");
        Interpolation.Result r = Interpolation.resolve(raw, env);
        assertThat(r.missing()).isEmpty();
        assertThat(r.value()).isEqualTo(expected);
        assertThat(r.substituted()).isEqualTo(raw.replace("$${", "").contains("${"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"${A", "x${}", "${1A}", "${A B}", "${A-B}", "${:-x}"})
    void interpolation_rejectsMalformed(String raw) {
        assertThatThrownBy(() -> Interpolation.resolve(raw, Map.of("A", "v"))).isInstanceOf(IllegalArgumentException.class)
                .message().startsWith("has ");
    }

    @org.junit.jupiter.api.Test
    void interpolation_reportsEveryMissingVariable() {
        Interpolation.Result r = Interpolation.resolve("${X}/${Y:-y}/${Z}", Map.of());
        assertThat(r.missing()).containsExactly("X", "Z");
    }

    @ParameterizedTest
    @CsvSource({"server, servr", "port, prot", "providers, provider", "request_timeout, request-timeout",
            "llama-3.3-70b-versatile, llama-3.3-70b"})
    void suggest_findsCloseNames(String expected, String typo) {
        assertThat(Suggest.closest(typo, java.util.List.of("server", "port", "providers", "request_timeout",
                "llama-3.3-70b-versatile", "host"))).contains(expected);
    }

    @org.junit.jupiter.api.Test
    void suggest_staysQuietForUnrelatedNames() {
        assertThat(Suggest.closest("banana", java.util.List.of("server", "port"))).isEmpty();
    }
}
