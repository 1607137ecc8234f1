package dev.tollfree.store;

import static dev.tollfree.store.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollfree.core.catalog.Limits;
import dev.tollfree.core.quota.Admission;
import dev.tollfree.core.quota.Denial;
import dev.tollfree.core.quota.QuotaConfig;
import dev.tollfree.core.quota.QuotaKey;
import dev.tollfree.core.quota.QuotaLedger;
import dev.tollfree.core.quota.Reservation;
import dev.tollfree.core.store.QuotaStore;
import dev.tollfree.core.store.QuotaStore.Row;
import dev.tollfree.core.store.QuotaStore.Slot;
import dev.tollfree.core.store.Store;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link QuotaStore} must do, run against each database. */
abstract class QuotaStoreContractTest {
    private static final Slot MODEL = new Slot("groq", "key1", "llama-3.3-70b-versatile");
    private static final Slot ACCOUNT = new Slot("groq", "key1", "");
    protected final Fixtures.TestClock clock = new Fixtures.TestClock();
    protected StoreSettings settings;
    protected Store store;

    /** Settings for a database without quota rows, owned by the calling test. */
    protected abstract StoreSettings freshDatabase() throws Exception;

    /** Removes what {@link #freshDatabase()} created; called after the store is closed. */
    protected void dropDatabase(StoreSettings settings) throws Exception {}

    @BeforeEach
    void openStore() throws Exception {
        settings = freshDatabase();
        store = Stores.open(settings, clock);
    }

    @AfterEach
    void closeStore() throws Exception {
        if (store != null) {
            store.close();
        }
        dropDatabase(settings);
    }

    private static Row row(Slot slot, long dayRequests, Optional<java.time.Instant> deniedUntil, String reason) {
        return new Row(slot, T0, 3, 1_200, LocalDate.parse("2026-03-04"), dayRequests, 45_000,
                new Limits(30, 1_000, 6_000, 500_000, false), deniedUntil, reason);
    }

    @Test
    void load_ofANewStore_isEmpty() {
        assertThat(store.quota().load()).isEmpty();
    }

    @Test
    void save_thenLoad_roundTripsEveryField_forModelAndAccountScopes() {
        Row model = row(MODEL, 17, Optional.of(T0.plusSeconds(3_600)), "DAILY_CAP");
        Row account = new Row(ACCOUNT, T0.plusMillis(7), 0, 0, LocalDate.parse("2026-03-05"), 40, 0, Limits.NONE,
                Optional.empty(), "");

        store.quota().save(List.of(model, account), List.of());

        assertThat(store.quota().load()).containsExactlyInAnyOrder(model, account);
    }

    @Test
    void save_replacesTheRowOfASlot() {
        store.quota().save(List.of(row(MODEL, 1, Optional.of(T0.plusSeconds(60)), "RATE_LIMITED")), List.of());

        Row newer = row(MODEL, 2, Optional.empty(), "");
        store.quota().save(List.of(newer), List.of());

        assertThat(store.quota().load()).containsExactly(newer);
    }

    @Test
    void save_deletesRows_andIgnoresSlotsWithoutOne() {
        store.quota().save(List.of(row(MODEL, 1, Optional.empty(), ""), row(ACCOUNT, 1, Optional.empty(), "")), List.of());

        store.quota().save(List.of(), List.of(MODEL, new Slot("nobody", "key9", "m")));

        assertThat(store.quota().load()).extracting(Row::slot).containsExactly(ACCOUNT);
    }

    @Test
    void aSlotBothDeletedAndUpserted_inOneSave_keepsTheUpsert() {
        store.quota().save(List.of(row(MODEL, 1, Optional.empty(), "")), List.of());

        store.quota().save(List.of(row(MODEL, 9, Optional.empty(), "")), List.of(MODEL));

        assertThat(store.quota().load()).extracting(Row::dayRequests).containsExactly(9L);
    }

    @Test
    void save_ofEmptyLists_changesNothing() {
        store.quota().save(List.of(row(MODEL, 1, Optional.empty(), "")), List.of());

        store.quota().save(List.of(), List.of());

        assertThat(store.quota().load()).hasSize(1);
    }

    @Test
    void aBatchOfManyRows_isSavedAtOnce_andSurvivesAReopen() {
        List<Row> rows = new ArrayList<>();
        for (int k = 0; k < 300; k++) {
            rows.add(row(new Slot("p" + (k % 3), "key" + k, k % 2 == 0 ? "" : "model-" + k), k, Optional.empty(), ""));
        }
        store.quota().save(rows, List.of());
        store.close();

        store = Stores.open(settings, clock);

        assertThat(store.quota().load()).containsExactlyInAnyOrderElementsOf(rows);
    }

    @Test
    void aLedgerOverTheStore_keepsItsCountsAcrossARestartOfTheGateway() {
        QuotaConfig config = QuotaConfig.DEFAULTS.withSnapshotInterval(Duration.ZERO);
        QuotaKey key = new QuotaKey("groq", "key1", "llama-3.3-70b-versatile");
        Limits limits = new Limits(2, 10, 0, 0, false);
        QuotaLedger first = QuotaLedger.create(config, clock, store.quota());
        for (int i = 0; i < 2; i++) {
            assertThat(first.tryReserve(key, limits, Limits.NONE, 100, 50)).isInstanceOfSatisfying(Reservation.class, r -> r.commit(80, 20));
        }
        first.close();
        store.close();
        clock.set(T0.plusSeconds(10));

        store = Stores.open(settings, clock);
        QuotaLedger second = QuotaLedger.create(config, clock, store.quota());

        Admission a = second.tryReserve(key, limits, Limits.NONE, 100, 50);
        assertThat(a).isInstanceOfSatisfying(Denial.class, d -> assertThat(d.detail()).isEqualTo("2 of 2 requests per minute used"));
        assertThat(second.status(key).orElseThrow().tpd().used()).isEqualTo(200);
        second.close();
    }
}
