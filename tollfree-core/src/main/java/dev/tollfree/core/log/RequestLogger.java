package dev.tollfree.core.log;

import dev.tollfree.core.store.RequestLogStore;
import dev.tollfree.core.store.RequestRecord;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes request records off the hot path: callers enqueue without blocking; one writer thread
 * drains in batches into the store, waiting a moment after the first record of a batch so that a
 * busy gateway writes one transaction per few dozen requests instead of one per request. A full
 * queue drops (and counts) rather than slowing callers; {@link #close()} drains everything still
 * queued before returning.
 */
public final class RequestLogger implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RequestLogger.class.getName());
    private static final int BATCH = 256;
    /**
     * How long the writer waits after a first record for others to share its transaction. A commit
     * costs about as much as twenty rows (pages rewritten, the write-ahead log appended), so at 1,000
     * requests/s a 100 ms wait stores a record for about half the CPU a 20 ms one did
     * (docs/benchmarks.md, "The request log's commits").
     */
    private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final RequestLogStore store;
    private final BlockingQueue<RequestRecord> queue;
    private final Thread writer;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean closing;

    public RequestLogger(RequestLogStore store, int capacity) {
        this.store = store;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.writer = Thread.ofPlatform().daemon().name("tollfree-request-log").start(this::loop);
    }

    /** Never blocks. Returns false when the record was dropped because the queue is full. */
    public boolean log(RequestRecord record) {
        if (closing || !queue.offer(record)) {
            dropped.incrementAndGet();
            return false;
        }
        return true;
    }

    public long written() {
        return written.get();
    }

    public long dropped() {
        return dropped.get();
    }

    public long failed() {
        return failed.get();
    }

    private void loop() {
        List<RequestRecord> batch = new ArrayList<>(BATCH);
        while (true) {
            try {
                RequestRecord first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing && queue.isEmpty()) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                if (!closing && queue.size() < BATCH - 1) {
                    // one commit per linger at most rather than one per request; callers are not
                    // woken for this (they only offer), and close() cuts the wait short
                    LockSupport.parkNanos(this, LINGER_NANOS);
                }
                queue.drainTo(batch, BATCH - 1);
                write(batch);
                batch.clear();
            } catch (InterruptedException e) {
                if (closing) {
                    queue.drainTo(batch);
                    write(batch);
                    return;
                }
            }
        }
    }

    private void write(List<RequestRecord> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            store.append(batch);
            written.addAndGet(batch.size());
        } catch (RuntimeException e) {
            failed.addAndGet(batch.size());
            LOG.log(Level.WARNING, "could not write " + batch.size() + " request log rows: " + e.getMessage());
        }
    }

    /** Stops accepting, writes everything queued, and waits for the writer. */
    @Override
    public void close() {
        closing = true;
        LockSupport.unpark(writer);
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<RequestRecord> rest = new ArrayList<>();
        queue.drainTo(rest);
        write(rest);
    }
}
