package dev.tollfree.core.routing;

import dev.tollfree.core.store.QuotaStore;
import java.util.List;

/** Quota persistence for components that keep nothing across restarts (tests, tools). */
final class QuotaStores {
    static final QuotaStore NONE = new QuotaStore() {
        @Override
        public List<Row> load() {
            return List.of();
        }

        @Override
        public void save(List<Row> upserts, List<Slot> deletions) {
            // nothing is kept
        }
    };

    private QuotaStores() {}
}
