package dev.tollfree.core.routing;

import static dev.tollfree.core.Fixtures.model;
import static dev.tollfree.core.Fixtures.provider;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollfree.core.catalog.ProviderSpec;
import dev.tollfree.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CooldownsTest {
    private final ManualClock clock = ManualClock.at("2026-03-01T12:00:00Z");
    private final Cooldowns cooldowns = new Cooldowns(clock);
    private final ProviderSpec groq = provider("groq", "http://groq.invalid/v1", model("small"), model("big"));
    private final KeyRef k1 = new KeyRef(1, "groq", "one", "s1");
    private final KeyRef k2 = new KeyRef(2, "groq", "two", "s2");
    private final Route small = new Route(groq, groq.models().get(0), List.of(k1, k2));
    private final Route big = new Route(groq, groq.models().get(1), List.of(k1, k2));
    private final Instant start = clock.instant();

    @Test
    void benched_nothingSet_isEmpty() {
        assertThat(cooldowns.benched(k1, small)).isEmpty();
    }

    @Test
    void benchKeyModel_longerBenchWins_whenShorterComesSecond() {
        cooldowns.benchKeyModel(k1, small, Duration.ofSeconds(60), FailureClass.RATE_LIMIT, "long");
        cooldowns.benchKeyModel(k1, small, Duration.ofSeconds(10), FailureClass.RATE_LIMIT, "short");
        assertThat(cooldowns.benched(k1, small)).contains(new Cooldowns.Bench(start.plusSeconds(60), FailureClass.RATE_LIMIT, "long"));
    }

    @Test
    void benchKeyModel_longerBenchWins_whenLongerComesSecond() {
        cooldowns.benchKeyModel(k1, small, Duration.ofSeconds(10), FailureClass.RATE_LIMIT, "short");
        cooldowns.benchKeyModel(k1, small, Duration.ofSeconds(60), FailureClass.RATE_LIMIT, "long");
        assertThat(cooldowns.benched(k1, small).orElseThrow().until()).isEqualTo(start.plusSeconds(60));
    }

    @Test
    void benched_expires_exactlyAtTheDeadline() {
        cooldowns.benchKeyModel(k1, small, Duration.ofSeconds(30), FailureClass.RATE_LIMIT, "429");
        clock.advance(Duration.ofSeconds(29));
        assertThat(cooldowns.benched(k1, small)).isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(cooldowns.benched(k1, small)).isEmpty();
    }

    @Test
    void benchKeyModel_touchesOnlyThatKeyAndModel() {
        cooldowns.benchKeyModel(k1, small, Duration.ofSeconds(30), FailureClass.RATE_LIMIT, "429");
        assertThat(cooldowns.benched(k1, big)).isEmpty();
        assertThat(cooldowns.benched(k2, small)).isEmpty();
    }

    @Test
    void benchKey_coversEveryModelOfThatKey() {
        cooldowns.benchKey(k1, Duration.ofMinutes(10), FailureClass.RATE_LIMIT, "401");
        assertThat(cooldowns.benched(k1, small)).isPresent();
        assertThat(cooldowns.benched(k1, big)).isPresent();
        assertThat(cooldowns.benched(k2, small)).isEmpty();
    }

    @Test
    void benchModel_coversEveryKey() {
        cooldowns.benchModel(small, Duration.ofHours(1), FailureClass.RATE_LIMIT, "404");
        assertThat(cooldowns.benched(k1, small)).isPresent();
        assertThat(cooldowns.benched(k2, small)).isPresent();
        assertThat(cooldowns.benched(k1, big)).isEmpty();
    }

    @Test
    void benched_severalBenchesApply_reportsTheLongest() {
        cooldowns.benchKey(k1, Duration.ofSeconds(20), FailureClass.RATE_LIMIT, "key");
        cooldowns.benchKeyModel(k1, small, Duration.ofSeconds(90), FailureClass.RATE_LIMIT, "key+model");
        cooldowns.benchModel(small, Duration.ofSeconds(40), FailureClass.RATE_LIMIT, "model");
        assertThat(cooldowns.benched(k1, small).orElseThrow().reason()).isEqualTo("key+model");
        clock.advance(Duration.ofSeconds(90));
        assertThat(cooldowns.benched(k1, small)).isEmpty();
    }

    @Test
    void clearKey_liftsKeyAndKeyModelBenchesButNotModelBenches() {
        cooldowns.benchKey(k1, Duration.ofMinutes(10), FailureClass.RATE_LIMIT, "401");
        cooldowns.benchKeyModel(k1, big, Duration.ofMinutes(10), FailureClass.RATE_LIMIT, "429");
        cooldowns.benchModel(small, Duration.ofMinutes(10), FailureClass.RATE_LIMIT, "404");
        cooldowns.clearKey(k1);
        assertThat(cooldowns.benched(k1, big)).isEmpty();
        assertThat(cooldowns.benched(k1, small).orElseThrow().reason()).isEqualTo("404");
    }

    @Test
    void anonymousKeys_ofDifferentProviders_doNotShareBenches() {
        KeyRef anonA = KeyRef.anonymous("ovh");
        KeyRef anonB = KeyRef.anonymous("kilo");
        cooldowns.benchKey(anonA, Duration.ofMinutes(1), FailureClass.RATE_LIMIT, "429");
        assertThat(cooldowns.benched(anonA, small)).isPresent();
        assertThat(cooldowns.benched(anonB, small)).isEmpty();
    }

    @Test
    void exportAndRestore_keepBenchesInForce_andDropExpiredOnes() {
        cooldowns.benchKeyModel(k1, small, Duration.ofMinutes(10), FailureClass.DAILY_CAP, "daily cap");
        cooldowns.benchKey(k2, Duration.ofSeconds(5), FailureClass.CREDENTIAL, "401");
        String saved = cooldowns.export();
        clock.advance(Duration.ofSeconds(6));

        Cooldowns restarted = new Cooldowns(clock);
        assertThat(restarted.restore(saved)).isEqualTo(1);
        assertThat(restarted.benched(k1, small).orElseThrow().cause()).isEqualTo(FailureClass.DAILY_CAP);
        assertThat(restarted.benched(k2, small)).isEmpty();
        assertThat(restarted.restore("not json")).isZero();
    }

    @Test
    void aFreshCredentialBench_asksForABackgroundRecheck_once() {
        java.util.List<KeyRef> rechecks = new java.util.ArrayList<>();
        Cooldowns c = new Cooldowns(clock, rechecks::add);
        c.benchKey(k1, Duration.ofMinutes(10), FailureClass.CREDENTIAL, "401");
        c.benchKey(k1, Duration.ofMinutes(10), FailureClass.CREDENTIAL, "401 again");
        c.benchKey(k2, Duration.ofMinutes(10), FailureClass.OUT_OF_CREDITS, "402");
        assertThat(rechecks).containsExactly(k1);
        clock.advance(Duration.ofMinutes(11));
        c.benchKey(k1, Duration.ofMinutes(10), FailureClass.CREDENTIAL, "401 after expiry");
        assertThat(rechecks).containsExactly(k1, k1);
    }

    private static final class Recorder implements Cooldowns.Replica {
        final List<String> seen = new java.util.ArrayList<>();

        @Override
        public void benched(String slot, Cooldowns.Bench bench) {
            seen.add("bench " + slot + " until " + bench.until());
        }

        @Override
        public void cleared(String keySlot) {
            seen.add("clear " + keySlot);
        }
    }

    @Test
    void replica_seesEachNewOrLongerBench_butNotAShorterOne() {
        Recorder r = new Recorder();
        cooldowns.replicateTo(r);

        cooldowns.benchKeyModel(k1, small, Duration.ofSeconds(60), FailureClass.RATE_LIMIT, "long");
        cooldowns.benchKeyModel(k1, small, Duration.ofSeconds(10), FailureClass.RATE_LIMIT, "short");
        cooldowns.benchKey(k2, Duration.ofMinutes(10), FailureClass.CREDENTIAL, "401");
        cooldowns.clearKey(k1);

        assertThat(r.seen).containsExactly(
                "bench km:key1:groq/small until " + start.plusSeconds(60),
                "bench k:key2 until " + start.plusSeconds(600),
                "clear key1");
        assertThat(cooldowns.benched(k1, small)).isEmpty();
    }

    @Test
    void sharedBenches_areMergedWithoutGoingBackToTheReplica_andExpiredOnesAreIgnored() {
        Recorder r = new Recorder();
        cooldowns.replicateTo(r);

        cooldowns.mergeShared("k:key1", new Cooldowns.Bench(start.plusSeconds(600), FailureClass.CREDENTIAL, "revoked elsewhere"));
        cooldowns.mergeShared("m:groq/big", new Cooldowns.Bench(start.minusSeconds(1), FailureClass.MODEL_GONE, "old"));

        assertThat(cooldowns.benched(k1, small).orElseThrow().reason()).isEqualTo("revoked elsewhere");
        assertThat(cooldowns.benched(k1, big).orElseThrow().reason()).isEqualTo("revoked elsewhere");
        assertThat(cooldowns.inForce()).extracting(Cooldowns.Held::slot).containsExactly("k:key1");
        cooldowns.clearShared("key1");
        assertThat(cooldowns.benched(k1, small)).isEmpty();
        assertThat(r.seen).isEmpty();
    }

    @Test
    void inForce_listsLiveBenches_soonestFirst() {
        cooldowns.benchModel(big, Duration.ofSeconds(90), FailureClass.MODEL_GONE, "404");
        cooldowns.benchKeyModel(k2, small, Duration.ofSeconds(30), FailureClass.RATE_LIMIT, "429");
        cooldowns.benchKey(k1, Duration.ofSeconds(5), FailureClass.CREDENTIAL, "401");
        clock.advance(Duration.ofSeconds(6));

        assertThat(cooldowns.inForce()).extracting(Cooldowns.Held::slot).containsExactly("km:key2:groq/small", "m:groq/big");
    }
}
