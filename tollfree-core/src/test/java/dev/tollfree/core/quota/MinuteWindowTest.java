package dev.tollfree.core.quota;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MinuteWindowTest {
    private final MinuteWindow window = new MinuteWindow();

    @Test
    void aCount_staysLiveFor61SecondsOfClock_thenIsGone() {
        window.add(1_000, 1, 50);

        assertThat(window.requests(1_000)).isEqualTo(1);
        assertThat(window.requests(1_060)).as("60 s later: still inside any 60-s interval that holds it").isEqualTo(1);
        assertThat(window.tokens(1_060)).isEqualTo(50);
        assertThat(window.requests(1_061)).as("61 s later").isZero();
        assertThat(window.isEmpty(1_061)).isTrue();
    }

    @Test
    void sums_everyLiveSecond_andReusesSlotsOfDeadSeconds() {
        for (long s = 0; s < 200; s++) {
            window.add(s, 1, s);
        }

        assertThat(window.requests(199)).isEqualTo(61); // seconds 139..199
        assertThat(window.tokens(199)).isEqualTo((139 + 199) * 61 / 2);
    }

    @Test
    void adjust_changesOnlyALiveBucket_ofThatSecond() {
        window.add(100, 1, 300);

        assertThat(window.adjust(100, 130, 0, -100)).isTrue();
        assertThat(window.tokens(130)).isEqualTo(200);
        assertThat(window.adjust(99, 130, 0, 5)).as("no bucket for second 99").isFalse();
        assertThat(window.adjust(100, 161, 0, 5)).as("bucket no longer live").isFalse();
        assertThat(window.tokens(130)).isEqualTo(200);
    }

    @Test
    void adjust_neverTakesABucketBelowZero() {
        window.add(10, 1, 10);

        window.adjust(10, 10, -5, -50);

        assertThat(window.requests(10)).isZero();
        assertThat(window.tokens(10)).isZero();
    }

    @Test
    void freedBy_isWhenTheOldestCountsCoveringTheNeedAgeOut() {
        window.add(100, 2, 0);
        window.add(110, 3, 0);
        window.add(120, 1, 0);

        assertThat(window.freedBy(false, 1, 130)).isEqualTo(161);
        assertThat(window.freedBy(false, 2, 130)).isEqualTo(161);
        assertThat(window.freedBy(false, 3, 130)).isEqualTo(171);
        assertThat(window.freedBy(false, 6, 130)).isEqualTo(181);
        assertThat(window.freedBy(false, 7, 130)).as("more than is counted: a full window").isEqualTo(191);
    }

    @Test
    void aSlotFromTheFuture_staysCounted_whenTheClockWasSetBack() {
        window.add(500, 1, 0);

        assertThat(window.requests(400)).isEqualTo(1);
    }
}
