package dev.tollfree.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollfree.testkit.ManualClock;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class CircuitBreakersTest {
    final ManualClock clock = ManualClock.at("2026-11-22T10:00:00Z");
    final CircuitBreakers breakers = new CircuitBreakers(clock, 3, Duration.ofSeconds(15), Duration.ofSeconds(60));

    @Test
    void closed_staysClosedBelowTheThreshold_andASuccessResetsTheCount() {
        breakers.onFailure("p");
        breakers.onFailure("p");
        breakers.onSuccess("p");
        breakers.onFailure("p");
        breakers.onFailure("p");
        assertThat(breakers.phase("p")).isEqualTo(CircuitBreakers.Phase.CLOSED);
        assertThat(breakers.tryAcquire("p")).isEqualTo(CircuitBreakers.Permit.CALL);
    }

    @Test
    void thirdFailure_opens_andRejectsUntilTheOpenPeriodEnds() {
        for (int i = 0; i < 3; i++) {
            breakers.onFailure("p");
        }
        assertThat(breakers.tryAcquire("p")).isEqualTo(CircuitBreakers.Permit.REJECT);
        clock.advance(Duration.ofSeconds(14));
        assertThat(breakers.tryAcquire("p")).isEqualTo(CircuitBreakers.Permit.REJECT);
        clock.advance(Duration.ofSeconds(1));
        assertThat(breakers.tryAcquire("p")).isEqualTo(CircuitBreakers.Permit.PROBE);
        assertThat(breakers.tryAcquire("p")).as("only one probe at a time").isEqualTo(CircuitBreakers.Permit.REJECT);
        assertThat(breakers.tryAcquire("other")).isEqualTo(CircuitBreakers.Permit.CALL);
    }

    @Test
    void probeSuccess_closes_probeFailure_reopensForAnotherPeriod() {
        for (int i = 0; i < 3; i++) {
            breakers.onFailure("p");
        }
        clock.advance(Duration.ofSeconds(15));
        assertThat(breakers.tryAcquire("p")).isEqualTo(CircuitBreakers.Permit.PROBE);
        breakers.onFailure("p");
        assertThat(breakers.phase("p")).isEqualTo(CircuitBreakers.Phase.OPEN);
        assertThat(breakers.reopensAt("p")).isEqualTo(clock.instant().plusSeconds(15));
        clock.advance(Duration.ofSeconds(15));
        assertThat(breakers.tryAcquire("p")).isEqualTo(CircuitBreakers.Permit.PROBE);
        breakers.onSuccess("p");
        assertThat(breakers.phase("p")).isEqualTo(CircuitBreakers.Phase.CLOSED);
        assertThat(breakers.tryAcquire("p")).isEqualTo(CircuitBreakers.Permit.CALL);
    }

    @Test
    void unansweredProbe_letsAnotherCallerProbeAfterTheProbeTimeout_andANeutralProbeFreesTheSlotAtOnce() {
        for (int i = 0; i < 3; i++) {
            breakers.onFailure("p");
        }
        clock.advance(Duration.ofSeconds(15));
        assertThat(breakers.tryAcquire("p")).isEqualTo(CircuitBreakers.Permit.PROBE);
        clock.advance(Duration.ofSeconds(59));
        assertThat(breakers.tryAcquire("p")).isEqualTo(CircuitBreakers.Permit.REJECT);
        clock.advance(Duration.ofSeconds(1));
        CircuitBreakers.Permit second = breakers.tryAcquire("p");
        assertThat(second).isEqualTo(CircuitBreakers.Permit.PROBE);
        breakers.onNeutral("p", second);
        assertThat(breakers.tryAcquire("p")).isEqualTo(CircuitBreakers.Permit.PROBE);
    }

    @Test
    void concurrentCallers_getExactlyOneProbe() throws Exception {
        for (int i = 0; i < 3; i++) {
            breakers.onFailure("p");
        }
        clock.advance(Duration.ofSeconds(15));
        ConcurrentLinkedQueue<CircuitBreakers.Permit> permits = new ConcurrentLinkedQueue<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 200; i++) {
                pool.submit(() -> permits.add(breakers.tryAcquire("p")));
            }
        }
        assertThat(permits.stream().filter(p -> p == CircuitBreakers.Permit.PROBE)).hasSize(1);
    }
}
