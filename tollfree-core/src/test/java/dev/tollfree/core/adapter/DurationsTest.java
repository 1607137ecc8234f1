package dev.tollfree.core.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
    private static final Instant NOW = Instant.parse("2026-09-01T12:00:00Z");

    @ParameterizedTest(name = "{0} = {1} ms")
    @CsvSource({
            // Groq / OpenAI reset headers
            "2m59.56s, 179560",
            "1m26.4s, 86400",
            "7.66s, 7660",
            "825ms, 825",
            "250ms, 250",
            "6m0s, 360000",
            "1s, 1000",
            "12ms, 12",
            "1h2m3s, 3723000",
            "1.5h, 5400000",
            // Gemini protobuf durations
            "38s, 38000",
            "0.5s, 500",
            "0.2s, 200",
            "17s, 17000",
            // bare decimal seconds (Cerebras, Retry-After)
            "7, 7000",
            "0, 0",
            "7.5, 7500",
            ".5, 500",
            "'  7.66s  ', 7660",
    })
    void parse_goAndDecimalForms(String text, long millis) {
        assertThat(Durations.parse(text)).contains(Duration.ofMillis(millis));
    }

    @Test
    void parse_subMillisecondUnits() {
        assertThat(Durations.parse("3ns")).contains(Duration.ofNanos(3));
        assertThat(Durations.parse("2us")).contains(Duration.ofNanos(2_000));
        assertThat(Durations.parse("2µs")).contains(Duration.ofNanos(2_000));
        assertThat(Durations.parse("2μs")).contains(Duration.ofNanos(2_000));
        assertThat(Durations.parse("1h1ns")).contains(Duration.ofHours(1).plusNanos(1));
    }

    @Test
    void parse_cerebrasDecimalSeconds_keepsNanosecondPrecision() {
        assertThat(Durations.parse("11726.2840924263")).contains(Duration.ofSeconds(11726, 284_092_426));
        assertThat(Durations.parse("26.28409242630005")).contains(Duration.ofSeconds(26, 284_092_426));
    }

    @Test
    void parse_signed() {
        assertThat(Durations.parse("-1.5s")).contains(Duration.ofMillis(-1500));
        assertThat(Durations.parse("+2s")).contains(Duration.ofSeconds(2));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"abc", "1x", "s", "m", "1.2.3s", "--5", "1e3", "1 s", "5 minutes", "1m 2s", "NaN", "Infinity",
            "99999999999999999999999999h", "123456789012345678901234567890123456789012345678901234567890123456789s"})
    void parse_garbage_isEmpty(String text) {
        assertThat(Durations.parse(text)).isEmpty();
    }

    @Test
    void decimal_acceptsOnlyPlainNonNegativeNumbers() {
        assertThat(Durations.decimal(" 14400 ")).contains(new BigDecimal("14400"));
        assertThat(Durations.decimal("-1")).isEmpty();
        assertThat(Durations.decimal("1e3")).isEmpty();
        assertThat(Durations.decimal(null)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // OpenRouter: epoch milliseconds
            "1788825600000, 2026-09-08T00:00:00Z",
            // SambaNova (⚠ epoch seconds) and Moonshot (⚠ unknown unit)
            "1788825600, 2026-09-08T00:00:00Z",
            // relative seconds (Cerebras, Mistral, Moonshot ⚠)
            "28, 2026-09-01T12:00:28Z",
            "26.5, 2026-09-01T12:00:26.500Z",
            // Go durations (OpenAI, Groq)
            "2m59.56s, 2026-09-01T12:02:59.560Z",
            // HTTP date and ISO instant
            "'Tue, 01 Sep 2026 12:05:00 GMT', 2026-09-01T12:05:00Z",
            "2026-09-01T13:00:00Z, 2026-09-01T13:00:00Z",
    })
    void reset_allForms(String text, String expected) {
        assertThat(Durations.reset(text, NOW)).contains(Instant.parse(expected));
    }

    @Test
    void reset_inThePast_isNow() {
        assertThat(Durations.reset("1000000000000", NOW)).contains(NOW);
        assertThat(Durations.reset("1000000000", NOW)).contains(NOW);
        assertThat(Durations.reset("-5s", NOW)).contains(NOW);
        assertThat(Durations.reset("Wed, 21 Oct 2015 07:28:00 GMT", NOW)).contains(NOW);
    }

    @Test
    void reset_farFuture_isCutToMaxReset() {
        Instant latest = NOW.plus(Durations.MAX_RESET);
        assertThat(Durations.reset("999999999", NOW)).contains(latest);
        assertThat(Durations.reset("9999999999999", NOW)).contains(latest);
        assertThat(Durations.reset("99999999h", NOW)).contains(latest);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"soon", "1e20", "99999999999999999", "   ", "Tue, 99 Foo 2026", "0x10"})
    void reset_garbage_isEmpty(String text) {
        assertThat(Durations.reset(text, NOW)).isEmpty();
    }

    @Test
    void clampAndUntil_stayWithinZeroAndSevenDays() {
        assertThat(Durations.clamp(Duration.ofSeconds(-3))).isEqualTo(Duration.ZERO);
        assertThat(Durations.clamp(Duration.ofDays(30))).isEqualTo(Duration.ofDays(7));
        assertThat(Durations.until(NOW.plusSeconds(5), NOW)).isEqualTo(Duration.ofSeconds(5));
        assertThat(Durations.until(NOW.minusSeconds(5), NOW)).isEqualTo(Duration.ZERO);
        assertThat(Durations.seconds(new BigDecimal("1e30"))).isEqualTo(Durations.MAX_HINT);
        assertThat(Durations.seconds(new BigDecimal("1.25"))).isEqualTo(Duration.ofMillis(1250));
        assertThat(Optional.of(Durations.MAX_HINT)).contains(Duration.ofDays(7));
    }
}
