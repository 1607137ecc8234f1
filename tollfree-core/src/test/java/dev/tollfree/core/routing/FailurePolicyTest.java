package dev.tollfree.core.routing;

import static dev.tollfree.core.Fixtures.model;
import static dev.tollfree.core.Fixtures.provider;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollfree.core.adapter.ProviderError;
import dev.tollfree.core.adapter.UpstreamError;
import dev.tollfree.core.catalog.ProviderSpec;
import dev.tollfree.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Benches after 429s: stated waits kept exactly, repeated unstated ones doubled with a random extra. */
class FailurePolicyTest {
    private final ManualClock clock = ManualClock.at("2026-03-01T12:00:00Z");
    private final Cooldowns cooldowns = new Cooldowns(clock);
    private final ProviderSpec groq = provider("groq", "http://groq.invalid/v1", model("small"));
    private final KeyRef key = new KeyRef(1, "groq", "one", "s1");
    private final Route route = new Route(groq, groq.models().get(0), List.of(key));
    private final RoutingSettings settings = RoutingSettings.defaults(); // 30 s cooldown
    private final List<Long> bounds = new ArrayList<>();

    private static UpstreamError tooMany(Optional<Duration> wait) {
        return new UpstreamError(UpstreamError.Kind.HTTP_STATUS, 429, new ProviderError("Too many requests", "rate_limit_exceeded", "", Optional.empty()),
                wait, false, dev.tollfree.core.adapter.RateLimitSnapshot.EMPTY);
    }

    /** The bench set by one more 429, in seconds from now; the clock then moves past it. */
    private long benchAfter(FailurePolicy policy, Optional<Duration> wait) {
        Instant now = clock.instant();
        policy.apply(FailureClass.RATE_LIMIT, tooMany(wait), key, route, new RequestState(), settings);
        Instant until = cooldowns.benched(key, route).orElseThrow().until();
        clock.set(until);
        return Duration.between(now, until).toMillis();
    }

    @Test
    void repeated429sWithoutAWait_doubleTheBench_andAddUpToAQuarterAtRandom() {
        FailurePolicy policy = new FailurePolicy(cooldowns, CircuitBreakers.defaults(clock), clock, bound -> {
            bounds.add(bound);
            return bound; // the largest extra the jitter may add
        });

        assertThat(benchAfter(policy, Optional.empty())).as("first hit: the plain cooldown, no extra").isEqualTo(30_000);
        assertThat(benchAfter(policy, Optional.empty())).isEqualTo(60_000 + 15_000);
        assertThat(benchAfter(policy, Optional.empty())).isEqualTo(120_000 + 30_000);
        assertThat(bounds).containsExactly(15_000L, 30_000L);
    }

    @Test
    void theJitterOnlyEverLengthens_neverShortensTheEscalatedBench() {
        FailurePolicy policy = new FailurePolicy(cooldowns, CircuitBreakers.defaults(clock), clock, bound -> 0);

        assertThat(benchAfter(policy, Optional.empty())).isEqualTo(30_000);
        assertThat(benchAfter(policy, Optional.empty())).isEqualTo(60_000);
        assertThat(benchAfter(policy, Optional.empty())).isEqualTo(120_000);
    }

    @Test
    void aStatedWait_isKeptExactly_withoutJitter() {
        FailurePolicy policy = new FailurePolicy(cooldowns, CircuitBreakers.defaults(clock), clock, bound -> {
            bounds.add(bound);
            return bound;
        });

        assertThat(benchAfter(policy, Optional.of(Duration.ofSeconds(2)))).isEqualTo(2_000);
        assertThat(benchAfter(policy, Optional.of(Duration.ofSeconds(2)))).as("escalated from the stated wait, no random extra").isEqualTo(4_000);
        assertThat(bounds).isEmpty();
    }

    @Test
    void theDefaultJitter_staysWithinItsBound() {
        FailurePolicy policy = new FailurePolicy(cooldowns, CircuitBreakers.defaults(clock), clock);
        benchAfter(policy, Optional.empty());
        for (int i = 0; i < 5; i++) {
            long base = 30_000L << (i + 1);
            long bench = benchAfter(policy, Optional.empty());
            long expected = Math.min(base, Duration.ofHours(1).toMillis());
            assertThat(bench).isBetween(expected, expected + expected / 4);
        }
    }
}
