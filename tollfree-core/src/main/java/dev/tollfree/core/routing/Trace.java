package dev.tollfree.core.routing;

import java.util.ArrayList;
import java.util.List;

/** Attempts and skips of one request, for response headers, errors and the request log. Not thread-safe. */
public final class Trace {
    private final List<Attempt> attempts = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();

    void add(Attempt a) {
        attempts.add(a);
    }

    void skip(String line) {
        skipped.add(line);
    }

    public List<Attempt> attempts() {
        return List.copyOf(attempts);
    }

    public List<String> skipped() {
        return List.copyOf(skipped);
    }

    /** Attempts that failed before the one that served (the {@code X-Fallback-Attempts} value). */
    public int fallbacks() {
        int failed = 0;
        for (Attempt a : attempts) {
            if (!a.ok()) {
                failed++;
            }
        }
        return failed;
    }
}
