package dev.tollfree.core.adapter;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Time values as providers write them: Go durations ({@code 2m59.56s}, {@code 825ms},
 * {@code 1h2m3s}), protobuf durations ({@code 38s}, {@code 0.5s}), bare decimal seconds
 * ({@code 11726.2840924263}), epoch stamps in seconds or milliseconds, and HTTP dates.
 */
final class Durations {
    /** The longest wait any retry hint may state; anything longer is cut to this. */
    static final Duration MAX_HINT = Duration.ofDays(7);
    /** The farthest reset a rate-limit header may announce (monthly windows included). */
    static final Duration MAX_RESET = Duration.ofDays(366);

    private static final Pattern DECIMAL = Pattern.compile("[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+");
    private static final Pattern GO_PART = Pattern.compile("([0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(ns|us|µs|μs|ms|s|m|h)");
    private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);
    /** At or above: epoch milliseconds (1e11 ms is 1973; 1e11 s would be year 5138). */
    private static final BigDecimal EPOCH_MILLIS_FROM = new BigDecimal("1e11");
    /** At or above: epoch seconds (2001-09-09); below: seconds from now (under 31 years). */
    private static final BigDecimal EPOCH_SECONDS_FROM = new BigDecimal("1e9");
    /** At or above: garbage (epoch milliseconds past the year 33000). */
    private static final BigDecimal GARBAGE_FROM = new BigDecimal("1e15");
    private static final int MAX_LENGTH = 64;

    private Durations() {}

    /**
     * A Go/protobuf duration or bare decimal seconds, with an optional sign. Empty for anything
     * else, including values too large for {@link Duration}.
     */
    static Optional<Duration> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.strip();
        if (s.isEmpty() || s.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        boolean negative = s.charAt(0) == '-';
        if (negative || s.charAt(0) == '+') {
            s = s.substring(1);
        }
        Optional<BigDecimal> nanos = DECIMAL.matcher(s).matches()
                ? Optional.of(new BigDecimal(s).multiply(NANOS_PER_SECOND))
                : goNanos(s);
        return nanos.flatMap(n -> ofNanos(negative ? n.negate() : n));
    }

    /** A non-negative decimal number, or empty. */
    static Optional<BigDecimal> decimal(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.strip();
        return s.length() <= MAX_LENGTH && DECIMAL.matcher(s).matches() ? Optional.of(new BigDecimal(s)) : Optional.empty();
    }

    /**
     * When a stated reset happens. Numbers go by magnitude: epoch milliseconds, epoch seconds, or
     * seconds from {@code now}; also Go durations (from {@code now}), HTTP dates and ISO instants.
     * Never earlier than {@code now}, never later than {@code now + }{@link #MAX_RESET}.
     */
    static Optional<Instant> reset(String text, Instant now) {
        if (text == null || text.isBlank() || text.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        String s = text.strip();
        Optional<BigDecimal> number = decimal(s);
        Optional<Instant> at = number.isPresent()
                ? numberToInstant(number.get(), now)
                : parse(s).map(d -> now.plus(d.isNegative() ? Duration.ZERO : min(d, MAX_RESET))).or(() -> date(s));
        return at.map(i -> within(i, now));
    }

    /** The wait until {@code when}, clamped to [0, {@link #MAX_HINT}]. */
    static Duration until(Instant when, Instant now) {
        return clamp(Duration.between(now, when));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Clamps to [0, {@link #MAX_HINT}]. */
    static Duration clamp(Duration d) {
        if (d.isNegative()) {
            return Duration.ZERO;
        }
        return d.compareTo(MAX_HINT) > 0 ? MAX_HINT : d;
    }

    /** Seconds (decimal) as a duration clamped to [0, {@link #MAX_HINT}]. */
    static Duration seconds(BigDecimal seconds) {
        return ofNanos(seconds.multiply(NANOS_PER_SECOND)).map(Durations::clamp).orElse(MAX_HINT);
    }

    private static Optional<Instant> numberToInstant(BigDecimal n, Instant now) {
        if (n.compareTo(GARBAGE_FROM) >= 0) {
            return Optional.empty();
        }
        if (n.compareTo(EPOCH_MILLIS_FROM) >= 0) {
            return Optional.of(Instant.ofEpochMilli(n.longValue()));
        }
        if (n.compareTo(EPOCH_SECONDS_FROM) >= 0) {
            return Optional.of(Instant.ofEpochSecond(n.longValue()));
        }
        return ofNanos(n.multiply(NANOS_PER_SECOND)).map(now::plus);
    }

    private static Optional<Instant> date(String s) {
        try {
            return Optional.of(ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            // not an HTTP date; try ISO-8601
        }
        try {
            return Optional.of(Instant.parse(s));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Instant within(Instant i, Instant now) {
        if (i.isBefore(now)) {
            return now;
        }
        Instant latest = now.plus(MAX_RESET);
        return i.isAfter(latest) ? latest : i;
    }

    private static Optional<BigDecimal> goNanos(String s) {
        Matcher m = GO_PART.matcher(s);
        BigDecimal total = BigDecimal.ZERO;
        int at = 0;
        while (at < s.length()) {
            m.region(at, s.length());
            if (!m.lookingAt()) {
                return Optional.empty();
            }
            total = total.add(new BigDecimal(m.group(1)).multiply(unitNanos(m.group(2))));
            at = m.end();
        }
        return at == 0 ? Optional.empty() : Optional.of(total);
    }

    private static BigDecimal unitNanos(String unit) {
        return BigDecimal.valueOf(switch (unit) {
            case "ns" -> 1L;
            case "us", "µs", "μs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            default -> 3_600_000_000_000L; // "h": the pattern admits nothing else
        });
    }

    private static Optional<Duration> ofNanos(BigDecimal nanos) {
        BigInteger whole = nanos.toBigInteger();
        BigInteger[] secondsAndNanos = whole.divideAndRemainder(BigInteger.valueOf(1_000_000_000L));
        if (secondsAndNanos[0].bitLength() > 62) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofSeconds(secondsAndNanos[0].longValue(), secondsAndNanos[1].longValue()));
    }
}
