package dev.tollfree.store;

import static dev.tollfree.store.Fixtures.T0;
import static dev.tollfree.store.Fixtures.attempt;
import static dev.tollfree.store.Fixtures.failedRecord;
import static dev.tollfree.store.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollfree.core.catalog.Capability;
import dev.tollfree.core.catalog.Limits;
import dev.tollfree.core.store.GatewayKey;
import dev.tollfree.core.store.ModelSetting;
import dev.tollfree.core.store.ProviderKey;
import dev.tollfree.core.store.RequestRecord;
import dev.tollfree.core.store.Store;
import dev.tollfree.core.store.StoreException;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Store} must do, run against each database. Subclasses supply an empty
 * database per test and drop it afterwards.
 */
abstract class StoreContractTest {
    protected final Fixtures.TestClock clock = new Fixtures.TestClock();
    protected StoreSettings settings;
    protected Store store;

    /** Settings for a fresh, empty database owned by the calling test. */
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

    // ---- provider keys ----

    @Test
    void addKey_returnsKeyWithIdEnabledCreatedAtAndNoCheck() {
        ProviderKey key = store.providerKeys().add("groq", "main", "sealed:abc", "gsk_…x9Qa", "config");

        assertThat(key.id()).isPositive();
        assertThat(key).isEqualTo(new ProviderKey(key.id(), "groq", "main", "sealed:abc", "gsk_…x9Qa", true, "config",
                T0, Optional.empty()));
        assertThat(store.providerKeys().find(key.id())).contains(key);
    }

    @Test
    void addKey_duplicateLabel_isConflict() {
        store.providerKeys().add("groq", "main", "sealed:first", "h1", "admin");

        assertThatThrownBy(() -> store.providerKeys().add("groq", "main", "sealed:second-secret", "h2", "admin"))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.conflict()).isTrue())
                .hasMessageContaining("main").hasMessageContaining("groq").hasMessageContaining("already exists")
                .hasMessageNotContaining("sealed:second-secret");
        assertThat(store.providerKeys().list()).hasSize(1);
    }

    @Test
    void addKey_sameLabelForAnotherProvider_isAllowed() {
        store.providerKeys().add("groq", "main", "s1", "h1", "admin");
        store.providerKeys().add("cerebras", "main", "s2", "h2", "admin");

        assertThat(store.providerKeys().list()).extracting(ProviderKey::provider).containsExactly("groq", "cerebras");
    }

    @Test
    void listFor_returnsOnlyThatProvidersKeys_inInsertionOrder() {
        ProviderKey a = store.providerKeys().add("groq", "a", "s1", "h1", "admin");
        store.providerKeys().add("mistral", "b", "s2", "h2", "admin");
        ProviderKey c = store.providerKeys().add("groq", "c", "s3", "h3", "config");

        assertThat(store.providerKeys().listFor("groq")).containsExactly(a, c);
        assertThat(store.providerKeys().listFor("nobody")).isEmpty();
        assertThat(store.providerKeys().list()).hasSize(3);
    }

    @Test
    void find_unknownId_isEmpty() {
        assertThat(store.providerKeys().find(424242)).isEmpty();
    }

    @Test
    void updateSecret_replacesSecretAndHint_only() {
        ProviderKey key = store.providerKeys().add("groq", "main", "old", "old-hint", "config");

        store.providerKeys().updateSecret(key.id(), "new", "new-hint");

        assertThat(store.providerKeys().find(key.id())).contains(
                new ProviderKey(key.id(), "groq", "main", "new", "new-hint", true, "config", T0, Optional.empty()));
    }

    @Test
    void updateSecret_andSetEnabled_unknownId_fail() {
        assertThatThrownBy(() -> store.providerKeys().updateSecret(99, "s", "h"))
                .isInstanceOf(StoreException.class).hasMessageContaining("no provider key has id 99");
        assertThatThrownBy(() -> store.providerKeys().setEnabled(99, false))
                .isInstanceOf(StoreException.class).hasMessageContaining("no provider key has id 99");
    }

    @Test
    void setEnabled_roundTrips() {
        ProviderKey key = store.providerKeys().add("groq", "main", "s", "h", "admin");

        store.providerKeys().setEnabled(key.id(), false);
        assertThat(store.providerKeys().find(key.id())).contains(key.withEnabled(false));

        store.providerKeys().setEnabled(key.id(), true);
        assertThat(store.providerKeys().find(key.id())).contains(key);
    }

    @Test
    void recordCheck_roundTripsEveryField_andReplacesThePreviousCheck() {
        ProviderKey key = store.providerKeys().add("groq", "main", "s", "h", "admin");
        var first = new ProviderKey.KeyCheck(T0.plusSeconds(5), "ok", "", 87);
        var second = new ProviderKey.KeyCheck(T0.plusSeconds(60), "invalid", "401 invalid api key", 1203);

        store.providerKeys().recordCheck(key.id(), first);
        assertThat(store.providerKeys().find(key.id()).flatMap(ProviderKey::lastCheck)).contains(first);

        store.providerKeys().recordCheck(key.id(), second);
        assertThat(store.providerKeys().find(key.id()).flatMap(ProviderKey::lastCheck)).contains(second);
    }

    @Test
    void recordCheck_removedKey_isIgnored() {
        store.providerKeys().recordCheck(77, new ProviderKey.KeyCheck(T0, "ok", "", 1));

        assertThat(store.providerKeys().list()).isEmpty();
    }

    @Test
    void remove_deletesTheKey_andReportsWhetherOneExisted() {
        ProviderKey key = store.providerKeys().add("groq", "main", "s", "h", "admin");

        assertThat(store.providerKeys().remove(key.id())).isTrue();
        assertThat(store.providerKeys().remove(key.id())).isFalse();
        assertThat(store.providerKeys().find(key.id())).isEmpty();
    }

    @Test
    void providerKeyIds_areNeverReused_afterRemove() {
        ProviderKey first = store.providerKeys().add("groq", "main", "s", "h", "admin");
        store.providerKeys().remove(first.id());

        ProviderKey second = store.providerKeys().add("groq", "main", "s", "h", "admin");

        assertThat(second.id()).isGreaterThan(first.id());
    }

    // ---- gateway keys ----

    @Test
    void addGatewayKey_roundTripsEveryField() {
        Instant created = T0.minusSeconds(3600);
        GatewayKey admin = store.gatewayKeys().add("ops", "a".repeat(64), "tf-4kQ9", true, "bootstrap", created);
        GatewayKey app = store.gatewayKeys().add("app", "b".repeat(64), "tf-Zz01", false, "admin", created.plusMillis(1));

        assertThat(admin).isEqualTo(new GatewayKey(admin.id(), "ops", "a".repeat(64), "tf-4kQ9", true, "bootstrap", created, Optional.empty()));
        assertThat(store.gatewayKeys().list()).containsExactly(admin, app);
        assertThat(store.gatewayKeys().findByHash("b".repeat(64))).contains(app);
        assertThat(store.gatewayKeys().findByHash("c".repeat(64))).isEmpty();
    }

    @Test
    void addGatewayKey_duplicateHash_isConflict() {
        store.gatewayKeys().add("one", "f".repeat(64), "tf-aaaa", false, "admin", T0);

        assertThatThrownBy(() -> store.gatewayKeys().add("two", "f".repeat(64), "tf-aaaa", false, "admin", T0))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.conflict()).isTrue())
                .hasMessageContaining("two").hasMessageNotContaining("f".repeat(64));
    }

    @Test
    void revoke_setsRevokedAt_once_andUnknownIdIsFalse() {
        GatewayKey key = store.gatewayKeys().add("app", "d".repeat(64), "tf-dddd", false, "admin", T0);
        Instant revokedAt = T0.plusSeconds(90);

        assertThat(store.gatewayKeys().revoke(key.id(), revokedAt)).isTrue();
        assertThat(store.gatewayKeys().revoke(key.id(), revokedAt.plusSeconds(1))).isFalse();
        assertThat(store.gatewayKeys().revoke(31337, revokedAt)).isFalse();

        GatewayKey stored = store.gatewayKeys().findByHash("d".repeat(64)).orElseThrow();
        assertThat(stored.revokedAt()).contains(revokedAt);
        assertThat(stored.active()).isFalse();
    }

    // ---- settings ----

    @Test
    void modelSettings_chain_andMeta_areEmptyInANewStore() {
        assertThat(store.settings().modelSettings()).isEmpty();
        assertThat(store.settings().chain()).isEmpty();
        assertThat(store.settings().meta("anything")).isEmpty();
    }

    @Test
    void putModelSetting_roundTripsEveryField() {
        var full = new ModelSetting("groq", "llama-3.3-70b", Optional.of(false), Optional.of(new Limits(30, 1000, 6000, 500_000, true)),
                Optional.of(131_072), Optional.of(EnumSet.of(Capability.TOOLS, Capability.JSON_MODE)), Optional.of(82));
        var empty = ModelSetting.empty("cerebras", "qwen-3");

        store.settings().putModelSetting(full);
        store.settings().putModelSetting(empty);

        assertThat(store.settings().modelSettings()).containsExactly(empty, full); // ordered by provider, model
    }

    @Test
    void putModelSetting_distinguishesNoOverrideFromZeroAndNone() {
        var zeros = new ModelSetting("groq", "m", Optional.of(true), Optional.of(Limits.NONE), Optional.of(0),
                Optional.of(Collections.<Capability>emptySet()), Optional.of(0));

        store.settings().putModelSetting(zeros);

        ModelSetting stored = store.settings().modelSettings().getFirst();
        assertThat(stored).isEqualTo(zeros);
        assertThat(stored.capabilities()).contains(Set.of());
        assertThat(stored.limits()).contains(Limits.NONE);
    }

    @Test
    void putModelSetting_replacesTheWholeOverride() {
        var full = new ModelSetting("groq", "m", Optional.of(true), Optional.of(new Limits(1, 2, 3, 4, false)), Optional.of(8192),
                Optional.of(EnumSet.allOf(Capability.class)), Optional.of(50));
        store.settings().putModelSetting(full);

        store.settings().putModelSetting(ModelSetting.empty("groq", "m").withEnabled(false));

        assertThat(store.settings().modelSettings()).containsExactly(ModelSetting.empty("groq", "m").withEnabled(false));
    }

    @Test
    void putChain_replacesTheWholeChain_inOrder() {
        store.settings().putChain(List.of("groq/llama-3.3-70b", "cerebras/qwen-3", "mistral/small"));
        store.settings().putChain(List.of("mistral/small", "groq/llama-3.3-70b"));

        assertThat(store.settings().chain()).containsExactly("mistral/small", "groq/llama-3.3-70b");

        store.settings().putChain(List.of());
        assertThat(store.settings().chain()).isEmpty();
    }

    @Test
    void putMeta_storesAndOverwrites() {
        store.settings().putMeta("routing.strategy", "priority");
        store.settings().putMeta("routing.strategy", "scored");
        store.settings().putMeta("empty", "");

        assertThat(store.settings().meta("routing.strategy")).contains("scored");
        assertThat(store.settings().meta("empty")).contains("");
    }

    // ---- request log ----

    @Test
    void append_thenRecent_roundTripsEveryFieldWithAttemptsInOrder() {
        RequestRecord served = record("req-1", T0, attempt(0, "groq", "RATE_LIMIT"), attempt(1, "cerebras", ""));
        RequestRecord failed = failedRecord("req-2", T0.plusMillis(5));
        RequestRecord noAttempts = record("req-3", T0.plusMillis(10));

        store.requestLog().append(List.of(served, failed, noAttempts));

        assertThat(store.requestLog().recent(10)).containsExactly(noAttempts, failed, served);
        assertThat(store.requestLog().count()).isEqualTo(3);
    }

    @Test
    void recent_isNewestFirst_limited_andOrdersSameMillisecondByArrival() {
        store.requestLog().append(List.of(record("a", T0), record("b", T0.plusSeconds(2))));
        store.requestLog().append(List.of(record("c", T0.plusSeconds(1)), record("d", T0.plusSeconds(2))));

        assertThat(store.requestLog().recent(3)).extracting(RequestRecord::requestId).containsExactly("d", "b", "c");
        assertThat(store.requestLog().recent(0)).isEmpty();
        assertThatThrownBy(() -> store.requestLog().recent(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void append_emptyBatch_writesNothing() {
        store.requestLog().append(List.of());

        assertThat(store.requestLog().count()).isZero();
    }

    @Test
    void append_repeatedRequestId_keepsTheStoredRecord() {
        RequestRecord original = record("req-1", T0, attempt(0, "groq", ""));
        store.requestLog().append(List.of(original));

        store.requestLog().append(List.of(failedRecord("req-1", T0.plusSeconds(1)), record("req-2", T0.plusSeconds(2))));

        assertThat(store.requestLog().recent(10)).extracting(RequestRecord::requestId).containsExactly("req-2", "req-1");
        assertThat(store.requestLog().recent(10).getLast()).isEqualTo(original);
    }

    @Test
    void append_batchWithAnIncompleteRecord_writesNothing() {
        RequestRecord incomplete = new RequestRecord("bad", T0, 0, "auto", false, 200, "ok", "", null, "", 0, 0, 0, 0, false, List.of());

        assertThatThrownBy(() -> store.requestLog().append(List.of(record("good", T0), incomplete)))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("provider");
        assertThat(store.requestLog().count()).isZero();
    }

    @Test
    void prune_deletesRecordsBeforeTheCutoff_withTheirAttempts() {
        store.requestLog().append(List.of(failedRecord("old", T0), failedRecord("edge", T0.plusSeconds(10)),
                failedRecord("new", T0.plusSeconds(20))));

        assertThat(store.requestLog().prune(T0.plusSeconds(10))).isEqualTo(1);

        assertThat(store.requestLog().recent(10)).extracting(RequestRecord::requestId).containsExactly("new", "edge");
        assertThat(countRows("request_attempts")).isEqualTo(4);
        assertThat(store.requestLog().prune(T0)).isZero();
    }

    // ---- the store as a whole ----

    @Test
    void describe_namesTheDatabase_withoutUserOrPassword() {
        assertThat(store.describe()).matches("(sqlite|postgresql):.+").doesNotContain("password").doesNotContain("user=");
    }

    @Test
    void close_isIdempotent_andLaterCallsFailClearly() {
        store.close();
        store.close();

        assertThatThrownBy(() -> store.providerKeys().list())
                .isInstanceOf(StoreException.class).hasMessageContaining("closed");
    }

    @Test
    void reopen_keepsEveryThing_andDoesNotRerunMigrations() {
        ProviderKey key = store.providerKeys().add("groq", "main", "s", "h", "admin");
        store.settings().putMeta("k", "v");
        store.requestLog().append(List.of(failedRecord("r", T0)));
        long migrations = countRows("flyway_schema_history");
        store.close();

        store = Stores.open(settings, clock);

        assertThat(store.providerKeys().list()).containsExactly(key);
        assertThat(store.settings().meta("k")).contains("v");
        assertThat(store.requestLog().recent(1)).containsExactly(failedRecord("r", T0));
        assertThat(countRows("flyway_schema_history")).isEqualTo(migrations).isPositive();
    }

    @Test
    void migrations_areCurrentAfterOpen_andValidateCleanlyWithFlyway() throws Exception {
        Database db = ((JdbcStore) store).database();

        assertThat(Migrations.isCurrent(db.connections())).isTrue();
        assertThat(Migrations.flyway(db.connections(), db.dialect()).validateWithResult().validationSuccessful).isTrue();
    }

    @Test
    void concurrentWriters_onVirtualThreads_loseNothing() throws Exception {
        int threads = 32;
        int batches = 10;
        int perBatch = 5;
        var failures = new ConcurrentLinkedQueue<Throwable>();
        var start = new CountDownLatch(1);
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                executor.submit(() -> {
                    try {
                        start.await();
                        store.providerKeys().add("p" + (thread % 4), "key-" + thread, "s", "h", "admin");
                        store.gatewayKeys().add("g" + thread, "hash-" + thread, "tf-" + thread, false, "admin", T0);
                        for (int b = 0; b < batches; b++) {
                            List<RequestRecord> batch = new ArrayList<>();
                            for (int r = 0; r < perBatch; r++) {
                                batch.add(failedRecord("t" + thread + "-b" + b + "-r" + r, T0.plusMillis(b * 10L + r)));
                            }
                            store.requestLog().append(batch);
                            store.requestLog().recent(5);
                            store.providerKeys().list();
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                });
            }
            start.countDown();
            executor.shutdown();
            assertThat(executor.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(failures).isEmpty();
        assertThat(store.requestLog().count()).isEqualTo((long) threads * batches * perBatch);
        assertThat(countRows("request_attempts")).isEqualTo(2L * threads * batches * perBatch);
        assertThat(store.providerKeys().list()).hasSize(threads);
        assertThat(store.gatewayKeys().list()).hasSize(threads);
    }

    /** Rows in a table, read through the store's own connections. */
    protected long countRows(String table) {
        return ((JdbcStore) store).database().read("count " + table, c -> {
            try (var st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
