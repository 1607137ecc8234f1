package dev.tollfree.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Whether the JVM accepts the gateway's AOT cache with the flags the harness starts it with. The
 * JVM refuses a cache recorded from other jar paths, other jar timestamps or other flags with
 * one log line and goes on without it; with that line switched off (as the launcher does) a
 * start-up measured on a refused cache would silently be the slow one. A short
 * {@code -XX:AOTMode=on --version} start makes the refusal an exit status instead.
 */
public final class AotCache {
    private AotCache() {}

    /**
     * The cache next to the jar, and whether it is usable.
     *
     * @param refusal empty when the JVM accepted the cache; otherwise the JVM's first error line
     */
    public record Check(Path cache, Optional<String> refusal) {
        public boolean usable() {
            return refusal.isEmpty();
        }

        /** JVM flags that start with the cache and keep its log lines out of the gateway's output. */
        public List<String> flags() {
            return usable() ? List.of("-XX:AOTCache=" + cache, "-Xlog:aot*=off", "-Xlog:cds*=off") : List.of();
        }

        /** For reports: "and its AOT cache", or why it was not used. */
        public String words() {
            return refusal.map(r -> "without its AOT cache, which the JVM refused (" + r + "; record it again with the jar's absolute path"
                    + " and these flags, see docs/benchmarks.md)").orElse("and its AOT cache");
        }
    }

    /** Empty when there is no {@code tollfree.aot} beside the jar. */
    public static Optional<Check> check(Path java, List<String> jvmFlags, Path jar) {
        Path cache = jar.toAbsolutePath().resolveSibling("tollfree.aot");
        if (!Files.isRegularFile(cache)) {
            return Optional.empty();
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.addAll(jvmFlags);
        cmd.addAll(List.of("-XX:AOTCache=" + cache, "-XX:AOTMode=on", "-Xlog:aot=error", "-Xlog:cds=error", "-jar", jar.toAbsolutePath().toString(), "--version"));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.of(new Check(cache, Optional.of("the check did not finish in 60 s")));
            }
            if (p.exitValue() == 0) {
                return Optional.of(new Check(cache, Optional.empty()));
            }
            return Optional.of(new Check(cache, Optional.of(firstError(out, p.exitValue()))));
        } catch (IOException e) {
            return Optional.of(new Check(cache, Optional.of("the check could not start: " + e.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(new Check(cache, Optional.of("interrupted")));
        }
    }

    /** The most telling line of a refusal: the one naming the mismatch, else the first error. */
    static String firstError(String output, int status) {
        String first = null;
        for (String line : output.split("\n")) {
            String l = line.strip();
            int tag = l.indexOf("[aot]");
            if (tag < 0) {
                tag = l.indexOf("[cds]");
            }
            if (tag < 0 || !l.contains("error")) {
                continue;
            }
            String text = l.substring(tag + 5).strip();
            if (text.contains("mismatch") || text.contains("changed")) {
                return text;
            }
            if (first == null && !text.startsWith("An error has occurred")) {
                first = text;
            }
        }
        return first != null ? first : "the JVM exited with status " + status;
    }
}
