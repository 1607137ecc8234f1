package dev.tollfree.core.quota;

import static dev.tollfree.core.quota.Ledgers.GROQ_70B;
import static dev.tollfree.core.quota.Ledgers.GROQ_8B;
import static dev.tollfree.core.quota.Ledgers.GROQ_KEY2_70B;
import static dev.tollfree.core.quota.Ledgers.denied;
import static dev.tollfree.core.quota.Ledgers.granted;
import static dev.tollfree.core.quota.Ledgers.reserve;
import static dev.tollfree.core.quota.Ledgers.rpm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollfree.core.InMemoryStore;
import dev.tollfree.core.adapter.RateLimitSnapshot;
import dev.tollfree.core.adapter.RateLimitSnapshot.Window;
import dev.tollfree.core.catalog.Limits;
import dev.tollfree.core.store.QuotaStore;
import dev.tollfree.core.store.StoreException;
import dev.tollfree.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Snapshots to the store, restarts, and eviction, on a manual clock. */
class QuotaLedgerPersistenceTest {
    private static final Instant T0 = Instant.parse("2026-03-04T10:00:00Z");
    private static final Limits LIMITS = new Limits(3, 5, 0, 0, false);
    private final ManualClock clock = new ManualClock(T0);
    private final InMemoryStore.Quota store = new InMemoryStore.Quota();

    private static QuotaStore.Slot slot(QuotaKey key) {
        return new QuotaStore.Slot(key.provider(), key.key(), key.model());
    }

    @Test
    void aRestart_keepsTheMinuteAndTheDayCounts() {
        QuotaLedger first = Ledgers.ledger(clock, store);
        for (int i = 0; i < 3; i++) {
            granted(reserve(first, GROQ_70B, LIMITS, 100)).commit(40, 20);
        }
        first.close();
        clock.advance(Duration.ofSeconds(5));

        QuotaLedger second = Ledgers.ledger(clock, store);

        Denial d = denied(reserve(second, GROQ_70B, LIMITS, 100));
        assertThat(d.metric()).contains(QuotaMetric.RPM);
        assertThat(d.retryAt()).as("restored counts age out no sooner than the originals").contains(T0.plusSeconds(61));
        QuotaStatus s = second.status(GROQ_70B).orElseThrow();
        assertThat(s.rpd().used()).isEqualTo(3);
        assertThat(s.tpd().used()).isEqualTo(180);
        assertThat(s.tpm().used()).isEqualTo(180);
        assertThat(second.status(GROQ_70B.account()).orElseThrow().rpd().used()).isEqualTo(3);
        clock.set(T0.plusSeconds(61));
        granted(reserve(second, GROQ_70B, LIMITS, 100));
        granted(reserve(second, GROQ_70B, LIMITS, 100));
        assertThat(denied(reserve(second, GROQ_70B, LIMITS, 100)).metric()).as("5 per day").contains(QuotaMetric.RPD);
    }

    @Test
    void aRestartOnANewUtcDay_startsTheDayFresh_andDeletesTheOldRows() {
        QuotaLedger first = Ledgers.ledger(clock, store);
        for (int i = 0; i < 3; i++) {
            granted(reserve(first, GROQ_70B, LIMITS, 10));
        }
        first.close();
        clock.set(Instant.parse("2026-03-05T00:00:01Z"));

        QuotaLedger second = Ledgers.ledger(clock, store);

        granted(reserve(second, GROQ_70B, LIMITS, 10));
        assertThat(second.status(GROQ_70B).orElseThrow().rpd().used()).isEqualTo(1);
        clock.set(Instant.parse("2026-03-05T02:00:00Z"));
        second.flush();
        assertThat(store.row(slot(GROQ_70B))).get().extracting(QuotaStore.Row::day).isEqualTo(LocalDate.parse("2026-03-05"));
    }

    @Test
    void aRowOfAnEarlierDay_withNothingElse_isDeletedAtTheNextWrite() {
        store.save(List.of(new QuotaStore.Row(slot(GROQ_70B), T0.minus(Duration.ofDays(2)), 1, 10,
                LocalDate.parse("2026-03-02"), 40, 400, Limits.NONE, Optional.empty(), "")), List.of());

        QuotaLedger ledger = Ledgers.ledger(clock, store);

        assertThat(ledger.status()).isEmpty();
        ledger.flush();
        assertThat(store.load()).isEmpty();
    }

    @Test
    void learnedLimitsAndDenials_surviveARestart_butALapsedDenialDoesNot() {
        QuotaLedger first = Ledgers.ledger(clock, store);
        first.observe(GROQ_70B, new RateLimitSnapshot(OptionalLong.of(1_000), OptionalLong.of(999), Optional.empty(), Window.DAY,
                OptionalLong.of(6_000), OptionalLong.of(5_000), Optional.empty(), Window.MINUTE, Optional.empty()), T0);
        first.observeLimitHit(GROQ_8B, QuotaWindow.DAY, Optional.empty(), T0);
        first.observeLimitHit(GROQ_KEY2_70B, QuotaWindow.MINUTE, Optional.of(Duration.ofSeconds(30)), T0);
        first.close();
        clock.advance(Duration.ofMinutes(1));

        QuotaLedger second = Ledgers.ledger(clock, store);

        QuotaStatus s = second.status(GROQ_70B).orElseThrow();
        assertThat(s.rpd().learned()).isEqualTo(1_000);
        assertThat(s.tpm().learned()).isEqualTo(6_000);
        assertThat(s.rpd().reportedLeft()).as("budgets that are not spent are not kept").isEmpty();
        Denial d = denied(reserve(second, GROQ_8B, Limits.NONE, 1));
        assertThat(d.reason()).isEqualTo(Denial.Reason.DAILY_CAP);
        assertThat(d.retryAt()).contains(Instant.parse("2026-03-05T00:00:00Z"));
        granted(reserve(second, GROQ_KEY2_70B, Limits.NONE, 1));
    }

    @Test
    void aReportedZero_survivesARestart_asADenialUntilItsReset() {
        QuotaLedger first = Ledgers.ledger(clock, store);
        Instant reset = T0.plusSeconds(300);
        first.observe(GROQ_70B, new RateLimitSnapshot(OptionalLong.of(1_000), OptionalLong.of(0), Optional.of(reset), Window.DAY,
                OptionalLong.empty(), OptionalLong.empty(), Optional.empty(), Window.UNKNOWN, Optional.empty()), T0);
        first.close();

        QuotaLedger second = Ledgers.ledger(clock, store);

        Denial d = denied(reserve(second, GROQ_70B, Limits.NONE, 1));
        assertThat(d.reason()).isEqualTo(Denial.Reason.REPORTED_EXHAUSTED);
        assertThat(d.retryAt()).contains(reset);
    }

    @Test
    void aSnapshot_holdsOnlyScopesWithSomethingInThem_inOneBatch_andSkipsUnchangedOnes() {
        QuotaLedger ledger = Ledgers.ledger(clock, store);
        granted(reserve(ledger, GROQ_70B, Limits.NONE, 10)).commit(5, 5);
        granted(reserve(ledger, GROQ_KEY2_70B, Limits.NONE, 10)).release();
        ledger.observe(GROQ_8B, new RateLimitSnapshot(OptionalLong.empty(), OptionalLong.of(20), Optional.empty(), Window.MINUTE,
                OptionalLong.empty(), OptionalLong.empty(), Optional.empty(), Window.UNKNOWN, Optional.empty()), T0);

        ledger.flush();

        assertThat(store.saves()).isEqualTo(1);
        assertThat(store.load()).extracting(r -> r.slot().key() + "/" + r.slot().model())
                .containsExactlyInAnyOrder("key1/llama-3.3-70b-versatile", "key1/");
        QuotaStore.Row row = store.row(slot(GROQ_70B)).orElseThrow();
        assertThat(row.savedAt()).isEqualTo(T0);
        assertThat(row.minuteRequests()).isEqualTo(1);
        assertThat(row.minuteTokens()).isEqualTo(10);
        assertThat(row.day()).isEqualTo(LocalDate.parse("2026-03-04"));
        assertThat(row.dayRequests()).isEqualTo(1);
        assertThat(row.dayTokens()).isEqualTo(10);
        assertThat(row.deniedUntil()).isEmpty();
        assertThat(row.deniedReason()).isEmpty();

        ledger.flush();
        assertThat(store.saves()).as("nothing changed").isEqualTo(1);
        granted(reserve(ledger, GROQ_70B, Limits.NONE, 10));
        ledger.flush();
        assertThat(store.saves()).isEqualTo(2);
        assertThat(store.row(slot(GROQ_70B)).orElseThrow().dayRequests()).isEqualTo(2);
    }

    @Test
    void anIdleScope_isEvicted_andItsRowDeleted() {
        QuotaLedger ledger = QuotaLedger.create(Ledgers.MANUAL.withEvictAfter(Duration.ofMinutes(10)), clock, store);
        clock.set(Instant.parse("2026-03-04T23:58:00Z"));
        granted(reserve(ledger, GROQ_70B, Limits.NONE, 10)).commit(1, 1);
        ledger.flush();
        assertThat(store.load()).hasSize(2);

        clock.set(Instant.parse("2026-03-05T00:05:00Z"));
        ledger.flush();
        assertThat(((LocalQuotaLedger) ledger).size()).as("quiet, but used less than 10 minutes ago").isEqualTo(2);

        clock.set(Instant.parse("2026-03-05T00:09:00Z"));
        ledger.flush();
        assertThat(((LocalQuotaLedger) ledger).size()).isZero();
        assertThat(ledger.status()).isEmpty();
        assertThat(store.load()).isEmpty();
        granted(reserve(ledger, GROQ_70B, rpm(1), 10));
        assertThat(ledger.status(GROQ_70B).orElseThrow().rpd().used()).isEqualTo(1);
    }

    @Test
    void aScopeWithCountsOrAnOpenReservation_isNeverEvicted() {
        QuotaLedger ledger = QuotaLedger.create(Ledgers.MANUAL.withEvictAfter(Duration.ZERO), clock, store);
        Reservation open = granted(reserve(ledger, GROQ_70B, Limits.NONE, 10));
        granted(reserve(ledger, GROQ_8B, Limits.NONE, 10)).release();
        clock.advance(Duration.ofMinutes(5));

        ledger.flush();

        assertThat(ledger.status()).extracting(s -> s.key().toString())
                .containsExactly("groq/key1", "groq/key1/llama-3.3-70b-versatile");
        open.commit(3, 3);
        assertThat(ledger.status(GROQ_70B).orElseThrow().tpd().used()).isEqualTo(6);
    }

    @Test
    void aFailedWrite_isRetriedByTheNextFlush() {
        QuotaLedger ledger = Ledgers.ledger(clock, store);
        granted(reserve(ledger, GROQ_70B, Limits.NONE, 10));
        store.failSaves(true);

        assertThatThrownBy(ledger::flush).isInstanceOf(StoreException.class);

        store.failSaves(false);
        ledger.flush();
        assertThat(store.row(slot(GROQ_70B))).isPresent();
    }

    @Test
    void close_writesALastSnapshot_once() {
        QuotaLedger ledger = Ledgers.ledger(clock, store);
        granted(reserve(ledger, GROQ_70B, Limits.NONE, 10));

        ledger.close();
        ledger.close();

        assertThat(store.saves()).isEqualTo(1);
        assertThat(store.row(slot(GROQ_70B))).isPresent();
    }

    @Test
    void aLedgerWithItsOwnTimer_closesCleanly_withALastSnapshot() {
        QuotaLedger ledger = QuotaLedger.create(QuotaConfig.DEFAULTS, clock, store);
        granted(reserve(ledger, GROQ_70B, Limits.NONE, 10));

        ledger.close();

        assertThat(store.row(slot(GROQ_70B))).isPresent();
        granted(reserve(ledger, GROQ_70B, Limits.NONE, 10)); // still counts in memory after close
    }

    @Test
    void aStoredRowWithAnUnknownDenialReason_stillDenies() {
        store.save(List.of(new QuotaStore.Row(slot(GROQ_70B), T0, 0, 0, LocalDate.parse("2026-03-04"), 0, 0, Limits.NONE,
                Optional.of(T0.plusSeconds(90)), "SOMETHING_NEWER")), List.of());

        QuotaLedger ledger = Ledgers.ledger(clock, store);

        Denial d = denied(reserve(ledger, GROQ_70B, Limits.NONE, 1));
        assertThat(d.reason()).isEqualTo(Denial.Reason.REPORTED_EXHAUSTED);
        assertThat(d.retryAt()).contains(T0.plusSeconds(90));
    }
}
