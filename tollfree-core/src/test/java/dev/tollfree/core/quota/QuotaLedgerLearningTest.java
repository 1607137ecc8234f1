package dev.tollfree.core.quota;

import static dev.tollfree.core.quota.Ledgers.GROQ_70B;
import static dev.tollfree.core.quota.Ledgers.GROQ_8B;
import static dev.tollfree.core.quota.Ledgers.denied;
import static dev.tollfree.core.quota.Ledgers.granted;
import static dev.tollfree.core.quota.Ledgers.reserve;
import static dev.tollfree.core.quota.Ledgers.rpm;
import static dev.tollfree.core.quota.Ledgers.tpm;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollfree.core.adapter.RateLimitSnapshot;
import dev.tollfree.core.adapter.RateLimitSnapshot.Window;
import dev.tollfree.core.catalog.Limits;
import dev.tollfree.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** What the ledger learns from rate-limit headers and 429s. */
class QuotaLedgerLearningTest {
    private static final Instant T0 = Instant.parse("2026-03-04T10:00:00Z");
    private static final Instant MIDNIGHT = Instant.parse("2026-03-05T00:00:00Z");
    private final ManualClock clock = new ManualClock(T0);
    private final QuotaLedger ledger = Ledgers.ledger(clock);

    private static RateLimitSnapshot requests(Window window, long limit, long remaining, Optional<Instant> reset) {
        return new RateLimitSnapshot(limit > 0 ? OptionalLong.of(limit) : OptionalLong.empty(),
                remaining >= 0 ? OptionalLong.of(remaining) : OptionalLong.empty(), reset, window,
                OptionalLong.empty(), OptionalLong.empty(), Optional.empty(), Window.UNKNOWN, Optional.empty());
    }

    private static RateLimitSnapshot tokens(Window window, long limit, long remaining, Optional<Instant> reset) {
        return new RateLimitSnapshot(OptionalLong.empty(), OptionalLong.empty(), Optional.empty(), Window.UNKNOWN,
                limit > 0 ? OptionalLong.of(limit) : OptionalLong.empty(),
                remaining >= 0 ? OptionalLong.of(remaining) : OptionalLong.empty(), reset, window, Optional.empty());
    }

    @Test
    void aReportedLimitBelowTheConfiguredOne_becomesTheLimit() {
        ledger.observe(GROQ_70B, requests(Window.MINUTE, 2, -1, Optional.empty()), T0);

        granted(reserve(ledger, GROQ_70B, rpm(30), 1));
        granted(reserve(ledger, GROQ_70B, rpm(30), 1));
        Denial d = denied(reserve(ledger, GROQ_70B, rpm(30), 1));

        assertThat(d.reason()).isEqualTo(Denial.Reason.LIMIT);
        QuotaStatus.Meter m = ledger.status(GROQ_70B).orElseThrow().rpm();
        assertThat(m.configured()).isEqualTo(30);
        assertThat(m.learned()).isEqualTo(2);
        assertThat(m.limit()).isEqualTo(2);
    }

    @Test
    void aReportedLimitAboveTheConfiguredOne_neverRaisesIt() {
        ledger.observe(GROQ_70B, requests(Window.MINUTE, 100, -1, Optional.empty()), T0);

        granted(reserve(ledger, GROQ_70B, rpm(1), 1));
        denied(reserve(ledger, GROQ_70B, rpm(1), 1));

        assertThat(ledger.status(GROQ_70B).orElseThrow().rpm().limit()).isEqualTo(1);
    }

    @Test
    void aReportedLimit_appliesWhereNoneIsConfigured() {
        ledger.observe(GROQ_70B, tokens(Window.MINUTE, 1_000, -1, Optional.empty()), T0);

        granted(reserve(ledger, GROQ_70B, Limits.NONE, 900));
        assertThat(denied(reserve(ledger, GROQ_70B, Limits.NONE, 200)).metric()).contains(QuotaMetric.TPM);
    }

    @Test
    void zeroRemaining_deniesTheKey_untilTheStatedReset() {
        Instant reset = T0.plusSeconds(20);
        ledger.observe(GROQ_70B, requests(Window.MINUTE, 30, 0, Optional.of(reset)), T0);

        Denial d = denied(reserve(ledger, GROQ_70B, rpm(30), 1));

        assertThat(d.reason()).isEqualTo(Denial.Reason.REPORTED_EXHAUSTED);
        assertThat(d.retryAt()).contains(reset);
        assertThat(d.detail()).isEqualTo("the provider reported 0 requests per minute left");
        clock.set(reset);
        granted(reserve(ledger, GROQ_70B, rpm(30), 1));
    }

    @Test
    void reportedRemaining_andLocalCounts_theStricterWins() {
        ledger.observe(GROQ_70B, requests(Window.MINUTE, -1, 2, Optional.of(T0.plusSeconds(40))), T0);
        granted(reserve(ledger, GROQ_70B, rpm(30), 1)).commit(1, 0);
        granted(reserve(ledger, GROQ_70B, rpm(30), 1)).commit(1, 0);

        assertThat(denied(reserve(ledger, GROQ_70B, rpm(30), 1)).reason()).isEqualTo(Denial.Reason.REPORTED_EXHAUSTED);

        clock.advance(Duration.ofMinutes(2));
        ledger.observe(GROQ_70B, requests(Window.MINUTE, -1, 100, Optional.of(clock.instant().plusSeconds(40))), clock.instant());
        granted(reserve(ledger, GROQ_70B, rpm(1), 1));
        assertThat(denied(reserve(ledger, GROQ_70B, rpm(1), 1)).reason()).isEqualTo(Denial.Reason.LIMIT);
    }

    @Test
    void reportedRemaining_leavesRoomForReservationsStillInFlight() {
        granted(reserve(ledger, GROQ_70B, Limits.NONE, 1));
        granted(reserve(ledger, GROQ_70B, Limits.NONE, 1));

        ledger.observe(GROQ_70B, requests(Window.MINUTE, -1, 3, Optional.of(T0.plusSeconds(30))), T0);

        granted(reserve(ledger, GROQ_70B, Limits.NONE, 1));
        denied(reserve(ledger, GROQ_70B, Limits.NONE, 1));
        assertThat(ledger.status(GROQ_70B).orElseThrow().rpm().reportedLeft()).hasValue(0);
    }

    @Test
    void aReportedZeroExplainedByOwnTraffic_freesWhenTheOldestOwnRequestAgesOut_notAtTheFullReset() {
        // OpenAI/Groq: "reset" is the time until the window is back to full, a minute after the newest request
        for (int i = 0; i < 3; i++) {
            granted(reserve(ledger, GROQ_70B, Limits.NONE, 1)).commit(1, 0);
            ledger.observe(GROQ_70B, requests(Window.MINUTE, 3, 2 - i, Optional.of(clock.instant().plusSeconds(60))), clock.instant());
            clock.advance(Duration.ofSeconds(10));
        }
        // three requests at 0, 10 and 20 s; the provider says 0 left until 80 s

        Denial d = denied(reserve(ledger, GROQ_70B, Limits.NONE, 1));
        assertThat(d.retryAt()).as("the request of second 0 stops counting at 61 s").contains(T0.plusSeconds(61));
        clock.set(T0.plusSeconds(61));
        granted(reserve(ledger, GROQ_70B, Limits.NONE, 1));
        denied(reserve(ledger, GROQ_70B, Limits.NONE, 1));
    }

    @Test
    void aReportedZeroNotExplainedByOwnTraffic_holdsTheOthersUsageUntilTheReset_whileOwnCountsAgeOut() {
        granted(reserve(ledger, GROQ_70B, Limits.NONE, 1)).commit(1, 0);
        // the provider counts 4 of 5: one ours, three from another client of the key
        ledger.observe(GROQ_70B, requests(Window.MINUTE, 5, 1, Optional.of(T0.plusSeconds(90))), T0);

        granted(reserve(ledger, GROQ_70B, Limits.NONE, 1)).commit(1, 0);
        Denial d = denied(reserve(ledger, GROQ_70B, Limits.NONE, 1));
        assertThat(d.reason()).isEqualTo(Denial.Reason.REPORTED_EXHAUSTED);
        assertThat(d.retryAt()).contains(T0.plusSeconds(61));
        assertThat(ledger.status(GROQ_70B).orElseThrow().rpm().reportedLeft()).hasValue(0);

        clock.set(T0.plusSeconds(61)); // our two age out, the other client's three stay until the reset
        granted(reserve(ledger, GROQ_70B, Limits.NONE, 1));
        granted(reserve(ledger, GROQ_70B, Limits.NONE, 1));
        assertThat(denied(reserve(ledger, GROQ_70B, Limits.NONE, 1)).retryAt()).contains(T0.plusSeconds(90));
    }

    @Test
    void aCommitCountsTheRequestFromTheSecondTheAnswerCameBack() {
        Reservation slow = granted(reserve(ledger, GROQ_70B, rpm(1), 1));
        clock.advance(Duration.ofSeconds(5));
        slow.commit(1, 1);

        assertThat(denied(reserve(ledger, GROQ_70B, rpm(1), 1)).retryAt()).contains(T0.plusSeconds(66));
        clock.set(T0.plusSeconds(65));
        denied(reserve(ledger, GROQ_70B, rpm(1), 1));
        clock.set(T0.plusSeconds(66));
        granted(reserve(ledger, GROQ_70B, rpm(1), 1));
    }

    @Test
    void answered_movesTheCountOnce_andTheLaterCommitKeepsIt() {
        Reservation stream = granted(reserve(ledger, GROQ_70B, rpm(1), 10));
        clock.advance(Duration.ofSeconds(3));
        stream.answered();
        clock.advance(Duration.ofSeconds(30));
        stream.commit(5, 20);

        assertThat(ledger.status(GROQ_70B).orElseThrow().tpm().used()).isEqualTo(25);
        clock.set(T0.plusSeconds(63));
        denied(reserve(ledger, GROQ_70B, rpm(1), 1));
        clock.set(T0.plusSeconds(64));
        granted(reserve(ledger, GROQ_70B, rpm(1), 1));
    }

    @Test
    void aReleasedReservation_isNotMoved() {
        Reservation failed = granted(reserve(ledger, GROQ_70B, rpm(1), 1));
        clock.advance(Duration.ofSeconds(2));
        failed.release();
        failed.answered();

        granted(reserve(ledger, GROQ_70B, rpm(1), 1));
        assertThat(ledger.status(GROQ_70B).orElseThrow().rpm().used()).isEqualTo(1);
    }

    @Test
    void anUnknownWindow_countsAsAMinute() {
        ledger.observe(GROQ_70B, requests(Window.UNKNOWN, 5, 4, Optional.empty()), T0);

        QuotaStatus s = ledger.status(GROQ_70B).orElseThrow();
        assertThat(s.rpm().learned()).isEqualTo(5);
        assertThat(s.rpm().reportedLeft()).hasValue(4);
        assertThat(s.rpm().reportedUntil()).contains(T0.plusSeconds(60));
        assertThat(s.rpd().learned()).isZero();
    }

    @Test
    void aDayWindow_groqRequestCounters_learnsRpd_andHonoursTheBucketReset() {
        Instant reset = T0.plus(Duration.ofMinutes(2).plusMillis(59_560));
        ledger.observe(GROQ_70B, requests(Window.DAY, 1_000, 0, Optional.of(reset)), T0);

        Denial d = denied(reserve(ledger, GROQ_70B, Limits.NONE, 1));

        assertThat(d.metric()).contains(QuotaMetric.RPD);
        assertThat(d.retryAt()).contains(reset);
        assertThat(ledger.status(GROQ_70B).orElseThrow().rpd().limit()).isEqualTo(1_000);
        clock.set(reset);
        granted(reserve(ledger, GROQ_70B, Limits.NONE, 1));
    }

    @Test
    void aDayReportWithoutReset_holdsUntilUtcMidnight() {
        ledger.observe(GROQ_70B, tokens(Window.DAY, 0, 0, Optional.empty()), T0);

        assertThat(denied(reserve(ledger, GROQ_70B, Limits.NONE, 1)).retryAt()).contains(MIDNIGHT);
    }

    @Test
    void reportedTokensLeft_refuseALargerRequest_butNotASmallerOne() {
        ledger.observe(GROQ_70B, tokens(Window.MINUTE, 6_000, 500, Optional.of(T0.plusSeconds(7))), T0);

        Denial d = denied(reserve(ledger, GROQ_70B, tpm(6_000), 600));

        assertThat(d.detail()).isEqualTo("the provider reported 500 tokens per minute left, the request needs 600");
        granted(reserve(ledger, GROQ_70B, tpm(6_000), 400));
        assertThat(ledger.status(GROQ_70B).orElseThrow().tpm().reportedLeft()).hasValue(100);
    }

    @Test
    void aMonthlyBudgetReportedSpent_closesTheKeyUntilItsReset_orTheNextMonth() {
        ledger.observe(GROQ_70B, tokens(Window.MONTH, 1_000_000, 0, Optional.empty()), T0);
        ledger.observe(GROQ_8B, tokens(Window.MONTH, 1_000_000, 5, Optional.empty()), T0);

        Denial d = denied(reserve(ledger, GROQ_70B, Limits.NONE, 1));

        assertThat(d.reason()).isEqualTo(Denial.Reason.REPORTED_EXHAUSTED);
        assertThat(d.retryAt()).contains(Instant.parse("2026-04-01T00:00:00Z"));
        granted(reserve(ledger, GROQ_8B, Limits.NONE, 1));
    }

    @Test
    void aReportedZero_isNotReopenedByAReportOfAnEarlierMomentProcessedLater() {
        Instant reset = T0.plusSeconds(30);
        ledger.observe(GROQ_70B, requests(Window.MINUTE, 30, 0, Optional.of(reset)), T0);

        ledger.observe(GROQ_70B, requests(Window.MINUTE, 30, 5, Optional.of(reset.minusMillis(200))), T0);

        denied(reserve(ledger, GROQ_70B, Limits.NONE, 1));
        ledger.observe(GROQ_70B, requests(Window.MINUTE, 30, 5, Optional.of(reset.plusSeconds(60))), T0.plusSeconds(1));
        granted(reserve(ledger, GROQ_70B, Limits.NONE, 1));
    }

    @Test
    void anEmptySnapshot_createsNothing() {
        ledger.observe(GROQ_70B, RateLimitSnapshot.EMPTY, T0);

        assertThat(ledger.status()).isEmpty();
    }

    @Test
    void aMinute429WithoutWait_explainedByALimitLearnedFromIt_closesOnlyUntilTheWindowFrees() {
        for (int i = 0; i < 4; i++) {
            granted(reserve(ledger, GROQ_70B, Limits.NONE, 1)).commit(1, 0);
            clock.advance(Duration.ofSeconds(5));
        }
        Reservation fifth = granted(reserve(ledger, GROQ_70B, Limits.NONE, 1));
        fifth.release(); // the provider refused it: "limit: 4" in the body, no wait
        Instant now = clock.instant();
        ledger.observe(GROQ_70B, requests(Window.MINUTE, 4, 0, Optional.empty()), now);

        Instant until = ledger.observeLimitHit(GROQ_70B, QuotaWindow.MINUTE, Optional.empty(), now);

        assertThat(until).as("the first of the four stops counting at 61 s").isEqualTo(T0.plusSeconds(61));
        clock.set(T0.plusSeconds(61));
        granted(reserve(ledger, GROQ_70B, Limits.NONE, 1));
    }

    @Test
    void aMinute429WithoutWait_notExplained_closesAFullMinute() {
        granted(reserve(ledger, GROQ_70B, Limits.NONE, 1)).commit(1, 0);

        Instant until = ledger.observeLimitHit(GROQ_70B, QuotaWindow.MINUTE, Optional.empty(), T0);

        assertThat(until).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void aMinute429_deniesForTheStatedWait_orAFullMinute() {
        ledger.observeLimitHit(GROQ_70B, QuotaWindow.MINUTE, Optional.of(Duration.ofSeconds(7)), T0);
        ledger.observeLimitHit(GROQ_8B, QuotaWindow.MINUTE, Optional.empty(), T0);

        Denial d = denied(reserve(ledger, GROQ_70B, Limits.NONE, 1));

        assertThat(d.reason()).isEqualTo(Denial.Reason.RATE_LIMITED);
        assertThat(d.retryAt()).contains(T0.plusSeconds(7));
        assertThat(denied(reserve(ledger, GROQ_8B, Limits.NONE, 1)).retryAt()).contains(T0.plusSeconds(60));
        assertThat(ledger.status(GROQ_70B).orElseThrow().denied())
                .contains(new QuotaStatus.Block(Denial.Reason.RATE_LIMITED, T0.plusSeconds(7)));
        clock.advance(Duration.ofSeconds(7));
        granted(reserve(ledger, GROQ_70B, Limits.NONE, 1));
        denied(reserve(ledger, GROQ_8B, Limits.NONE, 1));
    }

    @Test
    void aDaily429_deniesUntilUtcMidnight_orTheLongerStatedWait_cutAtSevenDays() {
        ledger.observeLimitHit(GROQ_70B, QuotaWindow.DAY, Optional.of(Duration.ofSeconds(38)), T0);
        ledger.observeLimitHit(GROQ_8B, QuotaWindow.DAY, Optional.of(Duration.ofDays(3)), T0);
        QuotaKey weekly = new QuotaKey("ollama", "key3", "gpt-oss:120b");
        ledger.observeLimitHit(weekly, QuotaWindow.DAY, Optional.of(Duration.ofDays(30)), T0);

        Denial d = denied(reserve(ledger, GROQ_70B, Limits.NONE, 1));

        assertThat(d.reason()).isEqualTo(Denial.Reason.DAILY_CAP);
        assertThat(d.retryAt()).contains(MIDNIGHT);
        assertThat(denied(reserve(ledger, GROQ_8B, Limits.NONE, 1)).retryAt()).contains(T0.plus(Duration.ofDays(3)));
        assertThat(denied(reserve(ledger, weekly, Limits.NONE, 1)).retryAt()).contains(T0.plus(Duration.ofDays(7)));
    }

    @Test
    void a429_neverShortensALongerDenial_andClosesOnlyThatModel() {
        ledger.observeLimitHit(GROQ_70B, QuotaWindow.DAY, Optional.empty(), T0);

        ledger.observeLimitHit(GROQ_70B, QuotaWindow.MINUTE, Optional.of(Duration.ofSeconds(5)), T0);

        Denial d = denied(reserve(ledger, GROQ_70B, Limits.NONE, 1));
        assertThat(d.reason()).isEqualTo(Denial.Reason.DAILY_CAP);
        assertThat(d.retryAt()).contains(MIDNIGHT);
        granted(reserve(ledger, GROQ_8B, Limits.NONE, 1));
    }
}
