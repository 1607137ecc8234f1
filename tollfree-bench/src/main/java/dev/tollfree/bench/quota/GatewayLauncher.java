package dev.tollfree.bench.quota;

import dev.tollfree.bench.AotCache;
import dev.tollfree.bench.LauncherFlags;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The real gateway as a separate JVM: from the built jar (with the launcher's flags and its
 * start-up cache when present) or from this JVM's class path, on a free port, with a bootstrap
 * admin key. Ready when {@code /readyz} answers 200, which sends nothing upstream.
 */
final class GatewayLauncher implements AutoCloseable {
    private static final Duration START_LIMIT = Duration.ofSeconds(60);

    private final Process process;
    private final int port;
    private final String key;
    private final Thread reaper;

    private GatewayLauncher(Process process, int port, String key) {
        this.process = process;
        this.port = port;
        this.key = key;
        this.reaper = new Thread(process::destroyForcibly, "tollfree-quota-bench-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** Whether the JVM takes the AOT cache beside a jar, checked once per jar (a short JVM start). */
    private static final java.util.Map<Path, Optional<AotCache.Check>> CACHES = new java.util.concurrent.ConcurrentHashMap<>();

    private static Optional<AotCache.Check> cache(Path java, Path jar) {
        return CACHES.computeIfAbsent(jar, j -> AotCache.check(java, LauncherFlags.base(), j));
    }

    /** How the gateway is started, in words for the report: with its AOT cache only if the JVM takes it. */
    static String describe(Optional<Path> jar) {
        return jar.map(j -> j.toAbsolutePath()).map(j -> "java -jar " + j + " serve with the launcher's JVM flags "
                        + cache(javaBinary(), j).map(AotCache.Check::words).orElse("(no AOT cache beside the jar)"))
                .orElse("dev.tollfree.app.Main serve from the harness class path");
    }

    private static Path javaBinary() {
        return ProcessHandle.current().info().command().map(Path::of)
                .orElseThrow(() -> new IllegalStateException("cannot tell which java binary runs this JVM"));
    }

    static GatewayLauncher start(Optional<Path> jar, Path config, Path log) {
        Path java = javaBinary();
        List<String> cmd = new ArrayList<>(List.of(java.toString()));
        cmd.addAll(LauncherFlags.base());
        if (jar.isPresent()) {
            Path j = jar.get().toAbsolutePath();
            if (!Files.isRegularFile(j)) {
                throw new IllegalArgumentException("no gateway jar at " + j + "; build it with ./tollfree build, or pass --gateway-jar classpath");
            }
            cache(java, j).ifPresent(c -> {
                if (!c.usable()) {
                    System.err.println("note: the gateway starts " + c.words());
                }
                cmd.addAll(c.flags());
            });
            cmd.addAll(List.of("-jar", j.toString()));
        } else {
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.tollfree.app.Main"));
        }
        cmd.addAll(List.of("serve", "--config", config.toString()));
        int port = freePort();
        byte[] secret = new byte[12];
        new SecureRandom().nextBytes(secret);
        String key = "tf-quotabench" + HexFormat.of().formatHex(secret);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("TOLLFREE_PORT", Integer.toString(port));
        pb.environment().put("TOLLFREE_BOOTSTRAP_KEY", key);
        for (String v : List.of("TOLLFREE_CONFIG", "TOLLFREE_DATA_DIR", "TOLLFREE_DATABASE_URL", "TOLLFREE_HOST", "TOLLFREE_MASTER_KEY")) {
            pb.environment().remove(v);
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the gateway (" + String.join(" ", cmd) + "): " + e.getMessage(), e);
        }
        GatewayLauncher g = new GatewayLauncher(p, port, key);
        try {
            g.awaitReady(log);
        } catch (RuntimeException e) {
            g.close();
            throw e;
        }
        return g;
    }

    int port() {
        return port;
    }

    String key() {
        return key;
    }

    /** {@code GET /api/quota}: the ledger as the gateway sees it (limits configured and learned). */
    String quotaStatus(HttpClient http) {
        try {
            HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/quota"))
                    .header("Authorization", "Bearer " + key).timeout(Duration.ofSeconds(10)).GET().build();
            return http.send(r, HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "{\"error\":\"" + e.getMessage() + "\"}";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "{\"error\":\"interrupted\"}";
        }
    }

    private void awaitReady(Path log) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz")).timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the gateway exited with status " + process.exitValue() + " before it was ready; its log:\n" + tail(log));
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the gateway started", e);
            }
            pause(50);
        }
        throw new IllegalStateException("the gateway was not ready within " + START_LIMIT.toSeconds() + " s; its log:\n" + tail(log));
    }

    /** SIGTERM (the gateway drains and saves its ledger), then forcibly. */
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
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down; the hook runs anyway
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free local port: " + e.getMessage(), e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
