package dev.tollfree.core.quota;

import static dev.tollfree.core.quota.Ledgers.GROQ_70B;
import static dev.tollfree.core.quota.Ledgers.GROQ_8B;
import static dev.tollfree.core.quota.Ledgers.GROQ_KEY2_70B;
import static dev.tollfree.core.quota.Ledgers.denied;
import static dev.tollfree.core.quota.Ledgers.granted;
import static dev.tollfree.core.quota.Ledgers.reserve;
import static dev.tollfree.core.quota.Ledgers.rpd;
import static dev.tollfree.core.quota.Ledgers.rpm;
import static dev.tollfree.core.quota.Ledgers.tpd;
import static dev.tollfree.core.quota.Ledgers.tpm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollfree.core.catalog.Limits;
import dev.tollfree.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reserving, settling, windows and denials, on a manual clock. */
class QuotaLedgerReserveTest {
    private static final Instant T0 = Instant.parse("2026-03-04T10:00:00Z");
    private final ManualClock clock = new ManualClock(T0);
    private final QuotaLedger ledger = Ledgers.ledger(clock);

    @Test
    void reserve_withoutAnyKnownLimit_isGranted_andCounted() {
        Reservation r = granted(ledger.tryReserve(GROQ_70B, Limits.NONE, Limits.NONE, 120, 30));

        assertThat(r.key()).isEqualTo(GROQ_70B);
        assertThat(r.estimatedTokens()).isEqualTo(150);
        QuotaStatus s = ledger.status(GROQ_70B).orElseThrow();
        assertThat(s.rpm().used()).isEqualTo(1);
        assertThat(s.rpd().used()).isEqualTo(1);
        assertThat(s.tpm().used()).isEqualTo(150);
        assertThat(s.tpd().used()).isEqualTo(150);
        assertThat(s.inFlight()).isEqualTo(1);
        assertThat(s.rpm().limit()).isZero();
        assertThat(s.rpm().left()).isEmpty();
        assertThat(ledger.status(GROQ_70B.account()).orElseThrow().rpd().used()).isEqualTo(1);
    }

    @Test
    void rpm_deniesTheNextRequest_untilTheOldestAgesOutOfTheRollingMinute() {
        for (int i = 0; i < 3; i++) {
            granted(reserve(ledger, GROQ_70B, rpm(3), 10)).commit(5, 5);
            clock.advance(Duration.ofSeconds(10));
        }

        Denial d = denied(reserve(ledger, GROQ_70B, rpm(3), 10));

        assertThat(d.reason()).isEqualTo(Denial.Reason.LIMIT);
        assertThat(d.scope()).isEqualTo(Denial.Scope.MODEL);
        assertThat(d.metric()).contains(QuotaMetric.RPM);
        assertThat(d.retryAt()).contains(T0.plusSeconds(61));
        assertThat(d.detail()).isEqualTo("3 of 3 requests per minute used");
        assertThat(d.summary()).startsWith("quota groq/key1/llama-3.3-70b-versatile: 3 of 3 requests per minute used, free at");
        clock.set(T0.plusSeconds(61).minusMillis(1));
        denied(reserve(ledger, GROQ_70B, rpm(3), 10));
        clock.set(T0.plusSeconds(61));
        granted(reserve(ledger, GROQ_70B, rpm(3), 10));
    }

    @Test
    void aDenial_reservesNothing() {
        granted(reserve(ledger, GROQ_70B, rpm(1), 10));

        denied(reserve(ledger, GROQ_70B, rpm(1), 10));
        denied(reserve(ledger, GROQ_70B, rpm(1), 10));

        assertThat(ledger.status(GROQ_70B).orElseThrow().rpm().used()).isEqualTo(1);
        assertThat(ledger.status(GROQ_70B).orElseThrow().tpm().used()).isEqualTo(10);
    }

    @Test
    void tpm_countsTheEstimate_andRefusesWhatWouldPassIt() {
        granted(reserve(ledger, GROQ_70B, tpm(1_000), 600));

        Denial d = denied(reserve(ledger, GROQ_70B, tpm(1_000), 500));

        assertThat(d.metric()).contains(QuotaMetric.TPM);
        assertThat(d.detail()).isEqualTo("600 of 1000 tokens per minute used, the request needs 500");
        granted(reserve(ledger, GROQ_70B, tpm(1_000), 400));
    }

    @Test
    void commit_replacesTheEstimate_withTheRealUsage() {
        Reservation r = granted(reserve(ledger, GROQ_70B, tpm(1_000), 800));

        assertThat(r.commit(100, 50)).isTrue();

        QuotaStatus s = ledger.status(GROQ_70B).orElseThrow();
        assertThat(s.tpm().used()).isEqualTo(150);
        assertThat(s.tpd().used()).isEqualTo(150);
        assertThat(s.rpm().used()).isEqualTo(1);
        assertThat(s.inFlight()).isZero();
        assertThat(ledger.status(GROQ_70B.account()).orElseThrow().tpd().used()).isEqualTo(150);
        granted(reserve(ledger, GROQ_70B, tpm(1_000), 850));
    }

    @Test
    void commit_aboveTheEstimate_countsTheExcess() {
        granted(reserve(ledger, GROQ_70B, tpm(1_000), 100)).commit(700, 200);

        assertThat(ledger.status(GROQ_70B).orElseThrow().tpm().used()).isEqualTo(900);
        denied(reserve(ledger, GROQ_70B, tpm(1_000), 101));
    }

    @Test
    void release_givesTheRequestAndItsTokensBack() {
        Reservation r = granted(reserve(ledger, GROQ_70B, rpm(1), 300));

        assertThat(r.release()).isTrue();

        QuotaStatus s = ledger.status(GROQ_70B).orElseThrow();
        assertThat(s.rpm().used()).isZero();
        assertThat(s.rpd().used()).isZero();
        assertThat(s.tpd().used()).isZero();
        assertThat(s.inFlight()).isZero();
        granted(reserve(ledger, GROQ_70B, rpm(1), 300));
    }

    @Test
    void settling_isIdempotent_theFirstCallWins() {
        Reservation r = granted(reserve(ledger, GROQ_70B, Limits.NONE, 100));

        assertThat(r.commit(10, 10)).isTrue();
        assertThat(r.commit(50, 50)).isFalse();
        assertThat(r.release()).isFalse();

        QuotaStatus s = ledger.status(GROQ_70B).orElseThrow();
        assertThat(s.rpd().used()).isEqualTo(1);
        assertThat(s.tpd().used()).isEqualTo(20);
        assertThat(r.toString()).contains("settled");
    }

    @Test
    void commit_withANegativeCount_isRefused_andTheReservationStaysOpen() {
        Reservation r = granted(reserve(ledger, GROQ_70B, Limits.NONE, 100));

        assertThatThrownBy(() -> r.commit(-1, 5)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");

        assertThat(r.release()).isTrue();
    }

    @Test
    void aRequestLargerThanATokenLimit_isDeniedForGood() {
        Denial d = denied(ledger.tryReserve(GROQ_70B, tpm(6_000), Limits.NONE, 5_000, 1_500));

        assertThat(d.reason()).isEqualTo(Denial.Reason.TOO_LARGE);
        assertThat(d.permanent()).isTrue();
        assertThat(d.retryAt()).isEmpty();
        assertThat(d.detail()).isEqualTo("the request needs 6500 tokens, more than the limit of 6000 tokens per minute");
        assertThat(d.summary()).endsWith("never on this key");
    }

    @Test
    void aPermanentDenial_winsOverOneThatLifts() {
        granted(reserve(ledger, GROQ_70B, new Limits(1, 0, 100, 0, false), 10));

        Denial d = denied(reserve(ledger, GROQ_70B, new Limits(1, 0, 100, 0, false), 500));

        assertThat(d.reason()).isEqualTo(Denial.Reason.TOO_LARGE);
    }

    @Test
    void rpd_resetsAtUtcMidnight_notAfter24Hours() {
        clock.set(Instant.parse("2026-03-04T23:59:30Z"));
        granted(reserve(ledger, GROQ_70B, rpd(2), 10));
        granted(reserve(ledger, GROQ_70B, rpd(2), 10));

        Denial d = denied(reserve(ledger, GROQ_70B, rpd(2), 10));

        assertThat(d.metric()).contains(QuotaMetric.RPD);
        assertThat(d.retryAt()).contains(Instant.parse("2026-03-05T00:00:00Z"));
        clock.set(Instant.parse("2026-03-05T00:00:00Z"));
        granted(reserve(ledger, GROQ_70B, rpd(2), 10));
        assertThat(ledger.status(GROQ_70B).orElseThrow().rpd().used()).isEqualTo(1);
        assertThat(ledger.status(GROQ_70B).orElseThrow().rpm().used()).as("the rolling minute spans midnight").isEqualTo(3);
    }

    @Test
    void tpd_countsTokensOfTheUtcDay() {
        granted(reserve(ledger, GROQ_70B, tpd(1_000), 400)).commit(300, 300);
        clock.advance(Duration.ofHours(5));

        Denial d = denied(reserve(ledger, GROQ_70B, tpd(1_000), 401));

        assertThat(d.metric()).contains(QuotaMetric.TPD);
        assertThat(d.retryAt()).contains(Instant.parse("2026-03-05T00:00:00Z"));
        granted(reserve(ledger, GROQ_70B, tpd(1_000), 400));
    }

    @Test
    void accountLimits_capEveryModelOfTheKeyTogether_andNoOtherKey() {
        Limits account = rpm(3);
        granted(ledger.tryReserve(GROQ_70B, Limits.NONE, account, 1, 0));
        granted(ledger.tryReserve(GROQ_70B, Limits.NONE, account, 1, 0));
        granted(ledger.tryReserve(GROQ_8B, Limits.NONE, account, 1, 0));

        Denial d = denied(ledger.tryReserve(GROQ_8B, Limits.NONE, account, 1, 0));

        assertThat(d.scope()).isEqualTo(Denial.Scope.ACCOUNT);
        assertThat(d.key()).isEqualTo(QuotaKey.account("groq", "key1"));
        assertThat(d.key().toString()).isEqualTo("groq/key1");
        granted(ledger.tryReserve(GROQ_KEY2_70B, Limits.NONE, account, 1, 0));
        assertThat(ledger.status(QuotaKey.account("groq", "key1")).orElseThrow().rpm().used()).isEqualTo(3);
    }

    @Test
    void theDenialNamed_isTheBudgetThatLiftsLast() {
        Limits limits = new Limits(1, 1, 0, 0, false);
        granted(reserve(ledger, GROQ_70B, limits, 10));

        Denial d = denied(reserve(ledger, GROQ_70B, limits, 10));

        assertThat(d.metric()).contains(QuotaMetric.RPD);
        assertThat(d.retryAt()).contains(Instant.parse("2026-03-05T00:00:00Z"));
    }

    @Test
    void commit_afterTheMinuteBucketAgedOut_countsOnlyTheExcess_now() {
        Reservation r = granted(reserve(ledger, GROQ_70B, Limits.NONE, 100));
        clock.advance(Duration.ofSeconds(70));

        r.commit(400, 100);

        QuotaStatus s = ledger.status(GROQ_70B).orElseThrow();
        assertThat(s.tpm().used()).isEqualTo(400);
        assertThat(s.rpm().used()).isZero();
        assertThat(s.tpd().used()).isEqualTo(500);
    }

    @Test
    void commit_belowTheEstimate_afterTheBucketAgedOut_dropsTheDifferenceFromTheMinute() {
        Reservation r = granted(reserve(ledger, GROQ_70B, Limits.NONE, 500));
        clock.advance(Duration.ofSeconds(70));

        r.commit(50, 50);

        assertThat(ledger.status(GROQ_70B).orElseThrow().tpm().used()).isZero();
        assertThat(ledger.status(GROQ_70B).orElseThrow().tpd().used()).isEqualTo(100);
    }

    @Test
    void commit_acrossMidnight_countsTheExcessOnTheNewDay() {
        clock.set(Instant.parse("2026-03-04T23:59:59Z"));
        Reservation r = granted(reserve(ledger, GROQ_70B, Limits.NONE, 100));
        clock.set(Instant.parse("2026-03-05T00:00:30Z"));

        r.commit(250, 50);

        QuotaStatus s = ledger.status(GROQ_70B).orElseThrow();
        assertThat(s.tpd().used()).isEqualTo(200);
        assertThat(s.rpd().used()).isZero();
        assertThat(s.tpm().used()).isEqualTo(300);
    }

    @Test
    void release_afterTheMinuteAgedOut_stillRefundsTheDay() {
        Reservation r = granted(reserve(ledger, GROQ_70B, Limits.NONE, 100));
        clock.advance(Duration.ofMinutes(5));

        r.release();

        assertThat(ledger.status(GROQ_70B).orElseThrow().rpd().used()).isZero();
        assertThat(ledger.status(GROQ_70B).orElseThrow().tpd().used()).isZero();
    }

    @Test
    void badArguments_areRefusedWithAReason() {
        assertThatThrownBy(() -> ledger.tryReserve(GROQ_70B.account(), Limits.NONE, Limits.NONE, 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("account-wide");
        assertThatThrownBy(() -> ledger.tryReserve(GROQ_70B, Limits.NONE, Limits.NONE, -1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
        assertThatThrownBy(() -> new QuotaKey("groq", " ", "m")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("slot");
        assertThatThrownBy(() -> QuotaConfig.DEFAULTS.withSnapshotInterval(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be negative");
    }

    @Test
    void status_listsModelAndAccountScopes_sorted_withConfiguredAndEffectiveLimits() {
        ledger.tryReserve(GROQ_8B, rpm(30), rpd(1_000), 10, 0);
        ledger.tryReserve(GROQ_70B, rpm(20), rpd(1_000), 10, 0);

        assertThat(ledger.status()).extracting(s -> s.key().toString())
                .containsExactly("groq/key1", "groq/key1/llama-3.1-8b-instant", "groq/key1/llama-3.3-70b-versatile");
        QuotaStatus.Meter rpm = ledger.status(GROQ_70B).orElseThrow().meter(QuotaMetric.RPM);
        assertThat(rpm.configured()).isEqualTo(20);
        assertThat(rpm.limit()).isEqualTo(20);
        assertThat(rpm.left()).hasValue(19);
        assertThat(ledger.status(GROQ_70B.account()).orElseThrow().rpd().left()).hasValue(998);
        assertThat(ledger.status(new QuotaKey("groq", "key9", "m"))).isEmpty();
        assertThat(ledger.status(GROQ_70B).orElseThrow().denied()).isEqualTo(Optional.empty());
    }
}
