package dev.tollfree.app.config;

import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Parsers for scalar values, shared by the file reader and the environment overrides. Each throws
 * {@link IllegalArgumentException} whose message starts with "is", "has" or "must", never repeats the
 * value, and reads well after the value (or "the value" for secrets) as its subject.
 */
final class Values {
    static final Pattern PROVIDER_ID = Pattern.compile("[a-z0-9][a-z0-9_-]*");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([KMG]i?B|B)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final Pattern HEADER = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");
    static final String DURATION_HINT = "expected a whole number with a unit ms, s, m, h or d, such as 250ms, 30s, 5m, 1h or 1h30m";
    static final String SIZE_HINT = "expected a number of bytes or a size such as 512KB, 10MB or 1GB";

    private Values() {}

    static long integer(String text, long min, long max) {
        String t = text.trim();
        if (!INTEGER.matcher(t).matches()) {
            throw new IllegalArgumentException("is not a whole number; expected " + range(min, max));
        }
        BigInteger v = new BigInteger(t);
        if (v.compareTo(BigInteger.valueOf(min)) < 0 || v.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new IllegalArgumentException("is out of range; expected " + range(min, max));
        }
        return v.longValue();
    }

    static int port(String text) {
        return (int) integer(text, 0, 65535);
    }

    static boolean bool(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("is not a boolean; expected true or false");
        };
    }

    /** {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 30d} or a sequence like {@code 1h30m}; must be positive. */
    static Duration duration(String text) {
        String t = text.trim();
        if (INTEGER.matcher(t).matches()) {
            throw new IllegalArgumentException("has no unit; " + DURATION_HINT);
        }
        Matcher m = DURATION_PART.matcher(t);
        Duration total = Duration.ZERO;
        int at = 0;
        try {
            while (at < t.length() && m.find(at) && m.start() == at) {
                long n = Long.parseLong(m.group(1));
                total = total.plus(switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                });
                at = m.end();
            }
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("is too long; " + DURATION_HINT);
        }
        if (t.isEmpty() || at != t.length()) {
            throw new IllegalArgumentException("is not a duration; " + DURATION_HINT);
        }
        if (total.isZero()) {
            throw new IllegalArgumentException("must be greater than zero; " + DURATION_HINT);
        }
        return total;
    }

    /** Bytes: a plain number or a number with B, KB, MB, GB (binary multiples; KiB, MiB, GiB too). */
    static long size(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("is not a size; " + SIZE_HINT);
        }
        String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
        int shift = switch (unit.charAt(0)) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            default -> 0;
        };
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("is too large; " + SIZE_HINT);
        }
        if (n == 0) {
            throw new IllegalArgumentException("must be greater than zero; " + SIZE_HINT);
        }
        if (n > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("is too large; " + SIZE_HINT);
        }
        return n << shift;
    }

    /** One of the enum's lower-case wire names. */
    static <E extends Enum<E>> E choice(String text, E[] options) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (E e : options) {
            if (e.name().toLowerCase(Locale.ROOT).equals(t)) {
                return e;
            }
        }
        throw new IllegalArgumentException("is not allowed here; expected one of " + names(options));
    }

    static String names(Enum<?>[] options) {
        return Arrays.stream(options).map(e -> e.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
    }

    static String host(String text) {
        String t = text.trim();
        if (t.isEmpty() || t.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("is not a host; expected an address such as 127.0.0.1, 0.0.0.0 or ::1");
        }
        return t;
    }

    /** An absolute http(s) URL; {@code {account_id}} placeholders are allowed. */
    static String baseUrl(String text) {
        String t = text.trim();
        try {
            URI uri = new URI(t.replace("{account_id}", "account"));
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return t;
            }
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException("is not an http(s) URL; expected for example http://127.0.0.1:8080/v1");
    }

    static String headerName(String text) {
        String t = text.trim();
        if (!HEADER.matcher(t).matches()) {
            throw new IllegalArgumentException("is not an HTTP header name; expected for example x-api-key");
        }
        return t;
    }

    /** Empty, or a JDBC URL for SQLite or PostgreSQL. */
    static String jdbcUrl(String text) {
        String t = text.trim();
        if (!t.isEmpty() && !t.startsWith("jdbc:sqlite:") && !t.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("must start with jdbc:sqlite: or jdbc:postgresql:"
                    + " (for example jdbc:postgresql://db:5432/tollfree), or be empty for the SQLite file in data_dir");
        }
        return t;
    }

    /** Empty, or a {@code redis://} / {@code rediss://} URL. */
    static String redisUrl(String text) {
        String t = text.trim();
        if (!t.isEmpty() && !t.startsWith("redis://") && !t.startsWith("rediss://")) {
            throw new IllegalArgumentException("must start with redis:// or rediss:// (for example redis://127.0.0.1:6379),"
                    + " or be empty to keep shared state in this process");
        }
        return t;
    }

    /** A Redis key prefix: letters, digits, '-', '_' and '.', 1 to 64 of them. */
    static String redisPrefix(String text) {
        String t = text.trim();
        if (!t.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("may hold only letters, digits, '-', '_' and '.' (1 to 64 of them)");
        }
        return t;
    }

    /** Empty, or base64 of exactly 32 bytes. */
    static String masterKey(String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            return t;
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(t);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not base64; expected 32 random bytes in base64 (openssl rand -base64 32)");
        }
        if (bytes.length != 32) {
            throw new IllegalArgumentException("must decode to 32 bytes but decodes to " + bytes.length
                    + "; expected 32 random bytes in base64 (openssl rand -base64 32)");
        }
        return t;
    }

    private static String range(long min, long max) {
        if (max == Long.MAX_VALUE) {
            return "a whole number of at least " + min;
        }
        return "a whole number from " + min + " to " + max;
    }
}
