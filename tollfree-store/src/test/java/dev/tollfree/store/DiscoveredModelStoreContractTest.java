package dev.tollfree.store;

import static dev.tollfree.store.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollfree.core.store.DiscoveredModel;
import dev.tollfree.core.store.DiscoveredModelStore;
import dev.tollfree.core.store.Store;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link DiscoveredModelStore} must do, run against each database. */
abstract class DiscoveredModelStoreContractTest {
    private static final Instant T1 = T0.plusSeconds(86_400);
    private static final Instant T2 = T1.plusSeconds(86_400);
    protected final Fixtures.TestClock clock = new Fixtures.TestClock();
    protected StoreSettings settings;
    protected Store store;

    /** Settings for a database without discovery rows, owned by the calling test. */
    protected abstract StoreSettings freshDatabase() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        settings = freshDatabase();
        store = Stores.open(settings, clock);
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    private DiscoveredModelStore discovered() {
        return store.discovered();
    }

    private static DiscoveredModel seen(String provider, String model, Instant first, Instant last) {
        return new DiscoveredModel(provider, model, first, Optional.of(last), Optional.empty());
    }

    @Test
    void list_ofANewStore_isEmpty() {
        assertThat(discovered().list()).isEmpty();
        assertThat(discovered().listFor("groq")).isEmpty();
    }

    @Test
    void upsertSeen_newIds_areFirstAndLastSeenNow_inProviderThenModelOrder() {
        discovered().upsertSeen("groq", List.of("b-model", "a-model"), T0);
        discovered().upsertSeen("cerebras", List.of("qwen/qwen3:free"), T0);

        assertThat(discovered().list()).containsExactly(
                seen("cerebras", "qwen/qwen3:free", T0, T0), seen("groq", "a-model", T0, T0), seen("groq", "b-model", T0, T0));
        assertThat(discovered().listFor("groq")).containsExactly(seen("groq", "a-model", T0, T0), seen("groq", "b-model", T0, T0));
    }

    @Test
    void upsertSeen_again_keepsFirstSeenAndMovesLastSeen() {
        discovered().upsertSeen("groq", List.of("m"), T0);
        discovered().upsertSeen("groq", List.of("m", "m"), T1);

        assertThat(discovered().listFor("groq")).containsExactly(seen("groq", "m", T0, T1));
    }

    @Test
    void markVanished_flagsOnce_andKeepsTheEarliestTime() {
        discovered().upsertSeen("groq", List.of("m", "kept"), T0);
        discovered().markVanished("groq", Set.of("m"), T1);
        discovered().markVanished("groq", Set.of("m"), T2);

        assertThat(discovered().listFor("groq")).containsExactly(
                seen("groq", "kept", T0, T0),
                new DiscoveredModel("groq", "m", T0, Optional.of(T0), Optional.of(T1)));
    }

    @Test
    void markVanished_unknownId_getsARowThatWasNeverListed() {
        discovered().markVanished("groq", Set.of("catalog-only"), T1);

        assertThat(discovered().listFor("groq")).containsExactly(
                new DiscoveredModel("groq", "catalog-only", T1, Optional.empty(), Optional.of(T1)));
    }

    @Test
    void upsertSeen_ofAVanishedModel_clearsTheFlag() {
        discovered().upsertSeen("groq", List.of("m"), T0);
        discovered().markVanished("groq", Set.of("m"), T1);
        discovered().upsertSeen("groq", List.of("m"), T2);

        assertThat(discovered().listFor("groq")).containsExactly(seen("groq", "m", T0, T2));
    }

    @Test
    void emptyWrites_changeNothing_andProvidersStayApart() {
        discovered().upsertSeen("groq", List.of("m"), T0);
        discovered().upsertSeen("groq", List.of(), T1);
        discovered().markVanished("groq", Set.of(), T1);
        discovered().markVanished("cerebras", Set.of("m"), T1);

        assertThat(discovered().listFor("groq")).containsExactly(seen("groq", "m", T0, T0));
        assertThat(discovered().listFor("cerebras")).extracting(DiscoveredModel::vanished).containsExactly(true);
    }

    @Test
    void rows_surviveAReopen() {
        discovered().upsertSeen("groq", List.of("m"), T0);
        discovered().markVanished("groq", Set.of("m"), T1);
        store.close();

        store = Stores.open(settings, clock);

        assertThat(discovered().list()).containsExactly(new DiscoveredModel("groq", "m", T0, Optional.of(T0), Optional.of(T1)));
    }
}
