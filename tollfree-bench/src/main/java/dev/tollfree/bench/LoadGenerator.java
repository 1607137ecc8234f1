package dev.tollfree.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Open-loop load at a fixed rate (request {@code i} is due at {@code start + i / rate}, whatever
 * happened to earlier requests) and closed-loop load (each connection sends again as soon as it
 * has an answer). Each connection is a virtual thread with a plain keep-alive socket.
 */
final class LoadGenerator {
    private static final int SOCKET_TIMEOUT_MS = 30_000;
    /** After the segment's end, requests still due may finish for this long; then the segment stops. */
    private static final Duration GRACE = Duration.ofSeconds(10);

    /** Where the load goes: a port and one prebuilt request. */
    record Target(String name, int port, byte[] request) {}

    private LoadGenerator() {}

    static Segment openLoop(Target target, int rate, Duration duration, int connections) {
        if (rate < 1) {
            throw new IllegalArgumentException("rate must be at least 1 request/s, got " + rate);
        }
        double period = 1e9 / rate;
        long total = (long) Math.ceil(duration.toNanos() / period);
        return run(target, connections, duration, (start, seq) -> {
            long i = seq.getAndIncrement();
            return i < total ? start + (long) (i * period) : -1;
        });
    }

    static Segment closedLoop(Target target, int connections, Duration duration) {
        return run(target, connections, duration, (start, seq) -> {
            long now = System.nanoTime();
            return now - start < duration.toNanos() ? now : -1;
        });
    }

    /** The intended send time of a worker's next request, or -1 when the segment is over. */
    private interface Schedule {
        long next(long start, AtomicLong seq);
    }

    private static Segment run(Target target, int connections, Duration duration, Schedule schedule) {
        List<HttpConn> conns = new ArrayList<>(connections);
        Segment total = new Segment();
        try {
            for (int i = 0; i < connections; i++) {
                conns.add(new HttpConn(target.port(), SOCKET_TIMEOUT_MS));
            }
        } catch (IOException e) {
            conns.forEach(HttpConn::close);
            throw new IllegalStateException("cannot connect to " + target.name() + " on port " + target.port() + ": " + e.getMessage(), e);
        }
        AtomicLong seq = new AtomicLong();
        long start = System.nanoTime() + 2_000_000; // all workers are parked before the first request is due
        long hardStop = start + duration.toNanos() + GRACE.toNanos();
        List<Thread> threads = new ArrayList<>(connections);
        List<Segment> parts = new ArrayList<>(connections);
        AtomicLong lastDone = new AtomicLong(start);
        for (HttpConn c : conns) {
            Segment part = new Segment();
            parts.add(part);
            threads.add(Thread.ofVirtual().name("load-" + target.name()).start(
                    () -> worker(target, c, part, schedule, start, seq, hardStop, lastDone)));
        }
        for (Thread t : threads) {
            try {
                t.join(Duration.ofNanos(Math.max(1, hardStop - System.nanoTime()) + 5_000_000_000L));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        conns.forEach(HttpConn::close); // unblocks any worker still reading after the hard stop
        for (Thread t : threads) {
            try {
                t.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Segment p : parts) {
            total.add(p);
        }
        total.elapsedNanos = Math.max(1, lastDone.get() - start);
        return total;
    }

    private static void worker(Target target, HttpConn first, Segment part, Schedule schedule, long start, AtomicLong seq,
                               long hardStop, AtomicLong lastDone) {
        HttpConn conn = first;
        HttpConn.Response r = new HttpConn.Response();
        Histogram latency = part.latency;
        while (true) {
            long intended = schedule.next(start, seq);
            if (intended < 0) {
                return;
            }
            if (System.nanoTime() > hardStop) {
                part.unsent++;
                continue; // count every request that was due but never sent
            }
            waitUntil(intended);
            try {
                if (conn == null || !conn.reusable()) {
                    if (conn != null) {
                        conn.close();
                    }
                    conn = new HttpConn(target.port(), SOCKET_TIMEOUT_MS);
                }
                conn.exchange(target.request(), r);
            } catch (IOException | RuntimeException e) {
                part.ioErrors++;
                if (conn != null) {
                    conn.close();
                    conn = null;
                }
                continue;
            }
            long now = System.nanoTime();
            lastDone.accumulateAndGet(now, Math::max);
            part.statuses.merge(r.status, 1L, Long::sum);
            if (r.status != 200) {
                part.errors++;
                continue;
            }
            part.ok++;
            if (r.fellBack) {
                part.fellBack++;
            }
            latency.recordValue(Math.min(Segment.HIGHEST_MICROS, Math.max(0, (now - intended) / 1000)));
            if (r.streamed) {
                if (!r.done) {
                    part.incompleteStreams++;
                }
                if (r.firstBodyNanos > 0) {
                    part.ttft.recordValue(Math.min(Segment.HIGHEST_MICROS, Math.max(0, (r.firstBodyNanos - intended) / 1000)));
                }
            }
        }
    }

    private static void waitUntil(long deadline) {
        for (long d = deadline - System.nanoTime(); d > 0; d = deadline - System.nanoTime()) {
            LockSupport.parkNanos(d);
        }
    }
}
