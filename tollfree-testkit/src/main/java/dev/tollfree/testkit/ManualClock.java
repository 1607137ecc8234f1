package dev.tollfree.testkit;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that moves only when a test says so. Thread-safe. */
public final class ManualClock implements InstantSource {
    private final AtomicReference<Instant> now;

    public ManualClock(Instant start) {
        this.now = new AtomicReference<>(Objects.requireNonNull(start, "start"));
    }

    /** E.g. {@code ManualClock.at("2026-01-01T00:00:00Z")}. */
    public static ManualClock at(String isoInstant) {
        return new ManualClock(Instant.parse(isoInstant));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public long millis() {
        return now.get().toEpochMilli();
    }

    /** Nanoseconds since the epoch, for code that wants a nano ticker; moves with the clock. */
    public long nanos() {
        Instant t = now.get();
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    /** Moves the clock forward; a negative duration is refused (use {@link #set} to go back on purpose). */
    public void advance(Duration d) {
        Objects.requireNonNull(d, "d");
        if (d.isNegative()) {
            throw new IllegalArgumentException("advance needs a duration of zero or more, was " + d
                    + "; use set(Instant) to move the clock back on purpose");
        }
        now.updateAndGet(t -> t.plus(d));
    }

    /** Puts the clock at {@code t}, forward or back. */
    public void set(Instant t) {
        now.set(Objects.requireNonNull(t, "t"));
    }

    @Override
    public String toString() {
        return "ManualClock[" + now.get() + "]";
    }
}
