package dev.tollfree.core.quota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollfree.core.InMemoryStore;
import dev.tollfree.core.catalog.Limits;
import dev.tollfree.core.store.QuotaStore;
import java.time.Duration;
import java.time.InstantSource;

/** Ledgers on a manual clock, and short ways to unpack admissions. */
final class Ledgers {
    static final QuotaKey GROQ_70B = new QuotaKey("groq", "key1", "llama-3.3-70b-versatile");
    static final QuotaKey GROQ_8B = new QuotaKey("groq", "key1", "llama-3.1-8b-instant");
    static final QuotaKey GROQ_KEY2_70B = new QuotaKey("groq", "key2", "llama-3.3-70b-versatile");
    /** No timer: snapshots only on flush and close. */
    static final QuotaConfig MANUAL = QuotaConfig.DEFAULTS.withSnapshotInterval(Duration.ZERO);

    private Ledgers() {}

    static QuotaLedger ledger(InstantSource clock) {
        return ledger(clock, new InMemoryStore.Quota());
    }

    static QuotaLedger ledger(InstantSource clock, QuotaStore store) {
        return QuotaLedger.create(MANUAL, clock, store);
    }

    static Limits rpm(long rpm) {
        return new Limits(rpm, 0, 0, 0, false);
    }

    static Limits rpd(long rpd) {
        return new Limits(0, rpd, 0, 0, false);
    }

    static Limits tpm(long tpm) {
        return new Limits(0, 0, tpm, 0, false);
    }

    static Limits tpd(long tpd) {
        return new Limits(0, 0, 0, tpd, false);
    }

    static Reservation granted(Admission a) {
        assertThat(a).isInstanceOf(Reservation.class);
        return (Reservation) a;
    }

    static Denial denied(Admission a) {
        assertThat(a).isInstanceOf(Denial.class);
        return (Denial) a;
    }

    static Admission reserve(QuotaLedger ledger, QuotaKey key, Limits model, long tokens) {
        return ledger.tryReserve(key, model, Limits.NONE, tokens, 0);
    }
}
