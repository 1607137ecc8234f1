package dev.tollfree.app;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Map;

/** What a command may touch of the outside world: environment and streams (tests pass their own). */
public record Cli(Map<String, String> env, PrintWriter out, PrintWriter err, InputStream in) {
    static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
