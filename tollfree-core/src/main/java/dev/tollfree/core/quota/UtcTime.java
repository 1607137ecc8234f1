package dev.tollfree.core.quota;

import java.time.Instant;
import java.time.LocalDate;

/** Epoch arithmetic in milliseconds, seconds and UTC days, without allocating. */
final class UtcTime {
    static final long SECOND_MS = 1_000;
    static final long MINUTE_MS = 60_000;
    static final long DAY_MS = 86_400_000;

    private UtcTime() {}

    static long second(long millis) {
        return Math.floorDiv(millis, SECOND_MS);
    }

    static long day(long millis) {
        return Math.floorDiv(millis, DAY_MS);
    }

    /** The next UTC midnight after {@code millis}, in epoch milliseconds. */
    static long nextMidnight(long millis) {
        return (day(millis) + 1) * DAY_MS;
    }

    /** The first instant of the next UTC month, in epoch milliseconds. */
    static long nextMonth(long millis) {
        LocalDate first = LocalDate.ofEpochDay(day(millis)).withDayOfMonth(1).plusMonths(1);
        return first.toEpochDay() * DAY_MS;
    }

    static LocalDate date(long epochDay) {
        return LocalDate.ofEpochDay(epochDay);
    }

    static Instant instant(long millis) {
        return Instant.ofEpochMilli(millis);
    }

    /** Epoch milliseconds of {@code instant}, saturated instead of overflowing. */
    static long millis(Instant instant) {
        try {
            return instant.toEpochMilli();
        } catch (ArithmeticException e) {
            return instant.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
