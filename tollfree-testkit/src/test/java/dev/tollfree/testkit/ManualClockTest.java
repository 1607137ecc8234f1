package dev.tollfree.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ManualClockTest {

    @Test
    void at_startsAtTheGivenInstant() {
        ManualClock clock = ManualClock.at("2026-01-01T00:00:00Z");

        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(clock.millis()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
    }

    @Test
    void advance_movesForward_andSetJumpsAnywhere() {
        ManualClock clock = new ManualClock(Instant.EPOCH);

        clock.advance(Duration.ofSeconds(90));
        assertThat(clock.instant()).isEqualTo(Instant.EPOCH.plusSeconds(90));
        assertThat(clock.nanos()).isEqualTo(90_000_000_000L);

        clock.set(Instant.parse("2020-02-29T12:00:00Z"));
        assertThat(clock.instant()).isEqualTo(Instant.parse("2020-02-29T12:00:00Z"));
        clock.set(Instant.EPOCH);
        assertThat(clock.millis()).isZero();
    }

    @Test
    void advance_refusesNegativeDurations() {
        ManualClock clock = new ManualClock(Instant.EPOCH);

        assertThatThrownBy(() -> clock.advance(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("use set(Instant)");
    }

    @Test
    void advance_fromManyThreads_losesNoTick() throws Exception {
        ManualClock clock = new ManualClock(Instant.EPOCH);

        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            IntStream.range(0, 1_000).forEach(i -> pool.submit(() -> clock.advance(Duration.ofMillis(1))));
        }

        assertThat(clock.millis()).isEqualTo(1_000);
    }

    @Test
    void withZone_givesAJavaClockThatFollows() {
        ManualClock clock = new ManualClock(Instant.EPOCH);
        var javaClock = clock.withZone(java.time.ZoneOffset.UTC);

        clock.advance(Duration.ofHours(1));

        assertThat(javaClock.instant()).isEqualTo(Instant.EPOCH.plusSeconds(3600));
    }
}
