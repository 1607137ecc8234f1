package dev.tollfree.core.adapter;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Enforces deadlines on blocking upstream reads: a registered watch whose deadline passes has
 * its close action run (which makes the blocked read fail). One daemon thread serves all streams.
 */
public final class Watchdog implements AutoCloseable {
    private final LongSupplier nanos;
    private final Map<Long, Watch> watches = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    public Watchdog(LongSupplier nanos, java.time.Duration tick) {
        this.nanos = nanos;
        long tickMillis = Math.max(1, tick.toMillis());
        this.thread = Thread.ofPlatform().daemon().name("tollfree-watchdog").start(() -> loop(tickMillis));
    }

    /** A deadline for one blocking operation; {@link #extend} after progress, {@link #cancel} when done. */
    public final class Watch implements AutoCloseable {
        private final long id;
        private final Runnable onExpire;
        private volatile long deadline;
        private volatile boolean expired;

        private Watch(long id, long deadline, Runnable onExpire) {
            this.id = id;
            this.deadline = deadline;
            this.onExpire = onExpire;
        }

        public void extend(java.time.Duration from) {
            deadline = nanos.getAsLong() + from.toNanos();
        }

        public boolean expired() {
            return expired;
        }

        @Override
        public void close() {
            watches.remove(id);
        }
    }

    /** A watch with an absolute deadline on this watchdog's clock (immune to time passing before registration). */
    public Watch watchUntil(long deadlineNanos, Runnable onExpire) {
        long id = ids.incrementAndGet();
        Watch w = new Watch(id, deadlineNanos, onExpire);
        watches.put(id, w);
        return w;
    }

    public Watch watch(java.time.Duration timeout, Runnable onExpire) {
        long id = ids.incrementAndGet();
        Watch w = new Watch(id, nanos.getAsLong() + timeout.toNanos(), onExpire);
        watches.put(id, w);
        return w;
    }

    private void loop(long tickMillis) {
        while (running) {
            try {
                Thread.sleep(tickMillis);
            } catch (InterruptedException e) {
                return;
            }
            long now = nanos.getAsLong();
            for (Watch w : watches.values()) {
                if (now - w.deadline >= 0) {
                    watches.remove(w.id);
                    w.expired = true;
                    try {
                        w.onExpire.run();
                    } catch (RuntimeException ignored) {
                        // closing a stream that is already closed is fine
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
