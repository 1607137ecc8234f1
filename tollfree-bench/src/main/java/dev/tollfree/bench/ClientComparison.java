package dev.tollfree.bench;

import io.helidon.http.Method;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * {@code clients}: the upstream HTTP clients Tollfree could use, alone against the fake upstream in
 * this JVM — the JDK client as the gateway drives it ({@code sendAsync} on a virtual-thread
 * executor, then waiting on the future, HTTP/1.1) and Helidon's WebClient blocking on the caller's
 * virtual thread. For each: closed-loop throughput with 32 callers, and CPU per request and
 * latency at a fixed rate. CPU is this JVM's (client and fake together; the fake's share is the
 * same for both), so compare the clients' figures with each other.
 */
final class ClientComparison {
    private static final int CALLERS = 32;
    private static final int PACED_CALLERS = 16;

    private ClientComparison() {}

    /** One way to make a call; returns the bytes of the body it read. */
    interface Client extends AutoCloseable {
        String name();

        long call(URI uri, byte[] body) throws IOException, InterruptedException;

        @Override
        void close();
    }

    static void run(String[] args, PrintStream out) {
        Duration each = Durations.parse(args.length > 1 && args[0].equals("--for") ? args[1] : "10s", "--for");
        int rate = 1000;
        out.printf(Locale.ROOT, "%-26s %-7s %12s %12s %14s %10s %10s%n", "client", "answer", "closed req/s", "paced req/s",
                "CPU µs/req@" + rate, "p50 ms", "p99 ms");
        try (Upstream upstream = Upstream.start(Upstream.Kind.RAW, new UpstreamProfile(Duration.ZERO, 20, Duration.ofMillis(1)))) {
            URI uri = URI.create("http://127.0.0.1:" + upstream.port() + "/v1/chat/completions");
            for (boolean stream : new boolean[] {false, true}) {
                byte[] body = WireBodies.request("m1", stream);
                for (int round = 0; round < 2; round++) {
                    for (Client c : List.of(jdk(), helidon())) {
                        try (c) {
                            closedLoop(c, uri, body, Duration.ofSeconds(2)); // warm-up, not counted
                            double closed = closedLoop(c, uri, body, each);
                            Paced p = paced(c, uri, body, stream ? rate / 4 : rate, each);
                            out.printf(Locale.ROOT, "%-26s %-7s %12.0f %12.0f %14.0f %10.2f %10.2f%n", c.name(), stream ? "stream" : "json",
                                    closed, p.perSecond, p.cpuMicros, p.latency.getValueAtPercentile(50) / 1e6,
                                    p.latency.getValueAtPercentile(99) / 1e6);
                        }
                    }
                }
            }
        }
    }

    private static double closedLoop(Client c, URI uri, byte[] body, Duration d) {
        LongAdder done = new LongAdder();
        long end = System.nanoTime() + d.toNanos();
        long t0 = System.nanoTime();
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < CALLERS; i++) {
                ex.submit(() -> {
                    while (System.nanoTime() < end) {
                        c.call(uri, body);
                        done.increment();
                    }
                    return null;
                });
            }
        }
        return done.sum() / ((System.nanoTime() - t0) / 1e9);
    }

    record Paced(double perSecond, double cpuMicros, Histogram latency) {}

    /** {@code rate} calls a second spread over the callers, latency from each call's due time. */
    private static Paced paced(Client c, URI uri, byte[] body, int rate, Duration d) {
        Histogram h = new Histogram(3);
        long interval = 1_000_000_000L * PACED_CALLERS / rate;
        long total = d.toNanos() / interval;
        long cpu0 = cpu();
        long t0 = System.nanoTime();
        List<Histogram> parts = new ArrayList<>();
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int k = 0; k < PACED_CALLERS; k++) {
                Histogram part = new Histogram(3);
                parts.add(part);
                long offset = interval * k / PACED_CALLERS;
                ex.submit(() -> {
                    for (long i = 0; i < total; i++) {
                        long due = t0 + offset + i * interval;
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        c.call(uri, body);
                        part.recordValue(Math.max(0, System.nanoTime() - due));
                    }
                    return null;
                });
            }
        }
        long elapsed = System.nanoTime() - t0;
        long cpu = cpu() - cpu0;
        parts.forEach(h::add);
        long n = h.getTotalCount();
        return new Paced(n / (elapsed / 1e9), cpu / 1e3 / n, h);
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long drain(InputStream in) throws IOException {
        long n = 0;
        byte[] buf = new byte[8192];
        try (in) {
            for (int r; (r = in.read(buf)) > 0; ) {
                n += r;
            }
        }
        return n;
    }

    static Client jdk() {
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor).build();
        return new Client() {
            @Override
            public String name() {
                return "jdk HttpClient (sendAsync)";
            }

            @Override
            public long call(URI uri, byte[] body) throws IOException, InterruptedException {
                HttpRequest r = HttpRequest.newBuilder(uri).version(HttpClient.Version.HTTP_1_1).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                try {
                    HttpResponse<InputStream> res = client.sendAsync(r, HttpResponse.BodyHandlers.ofInputStream()).get();
                    return drain(res.body());
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IOException(e.getCause());
                }
            }

            @Override
            public void close() {
                client.shutdownNow();
                executor.shutdownNow();
                try {
                    executor.awaitTermination(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    static Client helidon() {
        WebClient client = WebClient.builder().connectTimeout(Duration.ofSeconds(5)).followRedirects(false).build();
        return new Client() {
            @Override
            public String name() {
                return "helidon WebClient (blocking)";
            }

            @Override
            public long call(URI uri, byte[] body) throws IOException {
                try (HttpClientResponse res = client.method(Method.POST).uri(uri).header(io.helidon.http.HeaderNames.CONTENT_TYPE,
                        "application/json").submit(body)) {
                    return drain(res.inputStream());
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
            }

            @Override
            public void close() {
                client.closeResource();
            }
        };
    }
}
