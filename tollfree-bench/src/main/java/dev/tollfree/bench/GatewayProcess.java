package dev.tollfree.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real gateway as a separate JVM: started from the built jar (or a classpath), probed, stopped. */
final class GatewayProcess implements AutoCloseable {
    private static final Duration START_LIMIT = Duration.ofSeconds(60);
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /**
     * How to start the gateway: the java binary and what follows the JVM flags.
     *
     * @param jvmFlags flags as the launcher script passes them (collector, heap, AOT cache)
     * @param target   {@code -jar tollfree.jar} or {@code -cp CLASSPATH dev.tollfree.app.Main}
     */
    record Launch(Path java, List<String> jvmFlags, List<String> target, String description) {
        /** More gateway JVM flags to try, space-separated: {@code -Dtollfree.bench.jvmFlags="-Xmn24m"}. */
        static final List<String> EXTRA = List.of(System.getProperty("tollfree.bench.jvmFlags", "").trim().split("\\s+")).stream()
                .filter(f -> !f.isEmpty()).toList();

        /** The launcher's JVM flags (collector, heap, stack, pollers) and {@link #EXTRA}; the reference proxy runs with these too. */
        static List<String> launcherFlags() {
            List<String> flags = new ArrayList<>(LauncherFlags.base());
            flags.addAll(EXTRA);
            return flags;
        }

        /** Like {@code ./tollfree serve}: the launcher's flags, and its AOT cache when one was recorded. */
        static Launch jar(Path java, Path jar) {
            List<String> flags = launcherFlags();
            String how = "java -jar " + jar.getFileName() + " with the launcher's flags";
            java.util.Optional<AotCache.Check> cache = AotCache.check(java, flags, jar);
            if (cache.isPresent()) {
                flags.addAll(cache.get().flags());
                how += " " + cache.get().words();
            } else {
                how += " (no AOT cache beside the jar)";
            }
            return new Launch(java, flags, List.of("-jar", jar.toString()), how);
        }

        /** The gateway from this JVM's own classpath (the test suite; no AOT cache). */
        static Launch classpath(Path java) {
            List<String> flags = launcherFlags();
            flags.add("-XX:TieredStopAtLevel=1");
            return new Launch(java, flags,
                    List.of("-cp", System.getProperty("java.class.path"), "dev.tollfree.app.Main"),
                    "dev.tollfree.app.Main from the harness classpath (C1 only, no AOT cache)");
        }
    }

    private final Process process;
    private final int port;
    private final String apiKey;
    private final Duration startup;
    private final Path log;

    private GatewayProcess(Process process, int port, String apiKey, Duration startup, Path log) {
        this.process = process;
        this.port = port;
        this.apiKey = apiKey;
        this.startup = startup;
        this.log = log;
    }

    static String newKey() {
        SecureRandom r = new SecureRandom();
        StringBuilder b = new StringBuilder("tf-bench");
        for (int i = 0; i < 24; i++) {
            b.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }

    /**
     * Starts {@code serve} and returns once the first chat request was served (200). The time from
     * spawning the process to that answer is {@link #startup()}.
     */
    static GatewayProcess start(Launch launch, Path config, String apiKey, List<String> extraFlags, Path log) {
        int port = freePort();
        List<String> cmd = new ArrayList<>();
        cmd.add(launch.java().toString());
        cmd.addAll(launch.jvmFlags());
        cmd.addAll(extraFlags);
        cmd.addAll(launch.target());
        cmd.addAll(List.of("serve", "--config", config.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("TOLLFREE_PORT", Integer.toString(port));
        pb.environment().put("TOLLFREE_BOOTSTRAP_KEY", apiKey);
        pb.environment().remove("TOLLFREE_CONFIG");
        pb.environment().remove("TOLLFREE_DATA_DIR");
        pb.environment().remove("TOLLFREE_DATABASE_URL");
        byte[] probe = HttpConn.post(port, "/v1/chat/completions", apiKey, WireBodies.request(GatewayConfigFile.SOLO, false));
        long t0 = System.nanoTime();
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the gateway (" + String.join(" ", cmd) + "): " + e.getMessage(), e);
        }
        HttpConn.Response r = new HttpConn.Response();
        long deadline = t0 + START_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("the gateway exited with status " + p.exitValue() + " before serving; its log:\n" + tail(log));
            }
            try (HttpConn c = new HttpConn(port, 10_000)) {
                c.exchange(probe, r);
                if (r.status == 200) {
                    return new GatewayProcess(p, port, apiKey, Duration.ofNanos(System.nanoTime() - t0), log);
                }
            } catch (IOException e) {
                // not listening yet
            }
            sleepMillis(2);
        }
        p.destroyForcibly();
        throw new IllegalStateException("the gateway did not serve a request within " + START_LIMIT.toSeconds() + " s; its log:\n" + tail(log));
    }

    long pid() {
        return process.pid();
    }

    int port() {
        return port;
    }

    String apiKey() {
        return apiKey;
    }

    /** From spawning the JVM to the first answered chat request. */
    Duration startup() {
        return startup;
    }

    long cpuNanos() {
        return ProcStats.cpuNanos(process.pid());
    }

    long compilerCpuNanos() {
        return ProcStats.compilerCpuNanos(process.pid());
    }

    long rssKb() {
        return ProcStats.rssKb(process.pid());
    }

    /** Runs {@code jcmd <pid> <command...>} of the same JDK; returns its output. */
    String jcmd(Path javaBin, String... command) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBin.resolveSibling("jcmd").toString());
        cmd.add(Long.toString(process.pid()));
        cmd.addAll(List.of(command));
        try {
            Process j = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(j.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            j.waitFor(60, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return "jcmd failed: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Stops the gateway as an operator would (SIGTERM, which drains the request log), then forcibly. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    Path log() {
        return log;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free local port: " + e.getMessage(), e);
        }
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    static void sleepMillis(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
