package dev.tollfree.store;

import dev.tollfree.core.store.RequestRecord;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** Test data and a settable clock. */
final class Fixtures {
    static final Instant T0 = Instant.parse("2026-03-04T05:06:07.089Z");

    private Fixtures() {}

    /** A clock the test moves by hand. */
    static final class TestClock implements InstantSource {
        private final AtomicReference<Instant> now = new AtomicReference<>(T0);

        @Override
        public Instant instant() {
            return now.get();
        }

        void set(Instant instant) {
            now.set(instant);
        }
    }

    static RequestRecord.Attempt attempt(int index, String provider, String failureClass) {
        return new RequestRecord.Attempt(index, provider, provider + "-model", 40 + index, failureClass.isEmpty() ? 200 : 429,
                failureClass, failureClass.isEmpty() ? "" : "rate limited by " + provider, 120 + index, 30 + index);
    }

    /** A request with every field set to a distinct, non-default value. */
    static RequestRecord record(String requestId, Instant at, RequestRecord.Attempt... attempts) {
        return new RequestRecord(requestId, at, 7, "auto", true, 200, "ok", "", "groq", "llama-3.3-70b",
                1234, 210, 1500, 321, true, List.of(attempts));
    }

    static RequestRecord failedRecord(String requestId, Instant at) {
        return new RequestRecord(requestId, at, 0, "gpt-4o", false, 503, "error", "all_providers_failed", "", "",
                9876, -1, 0, 0, false, List.of(attempt(0, "groq", "RATE_LIMIT"), attempt(1, "cerebras", "TRANSIENT")));
    }
}
