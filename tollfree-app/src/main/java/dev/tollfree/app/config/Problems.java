package dev.tollfree.app.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Collects the errors and warnings found while one configuration is read, so that all of them are
 * reported together. File problems are sorted by line; environment problems follow them.
 */
final class Problems {
    private record Entry(int order, String text) {}

    private final String source;
    private final List<Entry> errors = new ArrayList<>();
    private final List<Entry> warnings = new ArrayList<>();

    Problems(String source) {
        this.source = source;
    }

    /** Reports {@code message} about the value at {@code path} on 1-based {@code line} of the file. */
    void error(int line, String path, String message) {
        errors.add(new Entry(line, located(line, path, message)));
    }

    void warn(int line, String path, String message) {
        warnings.add(new Entry(line, located(line, path, message)));
    }

    /** A problem with the file as a whole (missing, unreadable). */
    void fileError(String message) {
        errors.add(new Entry(0, source + ": " + message));
    }

    /** A bad environment override; {@code message} must not contain the variable's value. */
    void envError(String variable, String message) {
        errors.add(new Entry(Integer.MAX_VALUE, "environment variable " + variable + ": " + message));
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new ConfigException(sorted(errors));
        }
    }

    List<String> warnings() {
        return sorted(warnings);
    }

    private String located(int line, String path, String message) {
        return source + ":" + line + ": " + (path.isEmpty() ? "" : path + ": ") + message;
    }

    private static List<String> sorted(List<Entry> entries) {
        return entries.stream().sorted(Comparator.comparingInt(Entry::order)).map(Entry::text).toList();
    }
}
