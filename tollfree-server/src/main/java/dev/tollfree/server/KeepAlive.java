package dev.tollfree.server;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Sends an SSE comment on streams that have been quiet for a while. It keeps proxies from closing
 * idle connections and is how a caller who went away is noticed while the upstream is still
 * thinking: the write fails and the upstream call is cancelled. It also ends streams that run past
 * the request's wall-clock budget.
 */
final class KeepAlive implements AutoCloseable {
    /** A stream that can be pinged. */
    interface Pingable {
        long lastWriteNanos();

        /** Writes a comment; runs on its own virtual thread so a slow client cannot stall the ticker. */
        void ping();

        /** The moment the whole request must be over (the wall-clock budget). */
        long deadlineNanos();

        /** Ends a stream that ran past its budget. */
        void expire();
    }

    private final Set<Pingable> streams = ConcurrentHashMap.newKeySet();
    private final LongSupplier nanos;
    private final long quietNanos;
    private final Thread ticker;
    private volatile boolean running = true;

    KeepAlive(LongSupplier nanos, java.time.Duration quiet) {
        this.nanos = nanos;
        this.quietNanos = quiet.toNanos();
        long tick = Math.max(50, quiet.toMillis() / 4);
        this.ticker = Thread.ofPlatform().daemon().name("tollfree-sse-keepalive").start(() -> loop(tick));
    }

    void register(Pingable p) {
        streams.add(p);
    }

    void unregister(Pingable p) {
        streams.remove(p);
    }

    private void loop(long tickMillis) {
        while (running) {
            try {
                Thread.sleep(tickMillis);
            } catch (InterruptedException e) {
                return;
            }
            long now = nanos.getAsLong();
            for (Pingable p : streams) {
                if (now - p.deadlineNanos() >= 0) {
                    streams.remove(p);
                    Thread.ofVirtual().start(p::expire);
                } else if (now - p.lastWriteNanos() >= quietNanos) {
                    Thread.ofVirtual().start(p::ping);
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        ticker.interrupt();
    }
}
