package dev.tollfree.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the gateway's own start-up line ({@code ... started in 812 ms)}) from its log. */
final class StartupLog {
    private static final Pattern STARTED = Pattern.compile("started in (\\d+) ms");

    private StartupLog() {}

    /** The figure of the last such line in the log, or -1. */
    static long lastStartedMillis(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            for (int i = lines.size() - 1; i >= 0; i--) {
                Matcher m = STARTED.matcher(lines.get(i));
                if (m.find()) {
                    return Long.parseLong(m.group(1));
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
