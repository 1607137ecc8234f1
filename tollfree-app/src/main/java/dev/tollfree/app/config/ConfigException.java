package dev.tollfree.app.config;

import java.util.List;

/**
 * The configuration cannot be used. The message holds every problem found, one per line, each in
 * the form {@code <file>:<line>: <dotted.key.path>: <what is wrong and what is expected>} (or
 * {@code environment variable NAME: ...} for a bad override). Messages never contain secret values.
 */
public final class ConfigException extends RuntimeException {
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join("\n", problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** The individual problems, in file order. */
    public List<String> problems() {
        return problems;
    }
}
