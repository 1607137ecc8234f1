package dev.tollfree.bench;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Command-line durations: a whole number with ms, s or m ({@code 500ms}, {@code 20s}, {@code 2m}). */
final class Durations {
    private static final Pattern FORM = Pattern.compile("(\\d{1,9})(ms|s|m)");

    private Durations() {}

    static Duration parse(String text, String option) {
        Duration d = parseAllowZero(text, option);
        if (d.isZero()) {
            throw new IllegalArgumentException(option + " must be longer than zero");
        }
        return d;
    }

    static Duration parseAllowZero(String text, String option) {
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException(option + " must be a whole number with ms, s or m, such as 500ms or 20s; got '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            default -> Duration.ofMinutes(n);
        };
    }
}
