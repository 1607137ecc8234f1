package dev.tollfree.server;

import dev.tollfree.api.ApiError;
import dev.tollfree.api.ApiException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway's own overload guard: at most {@code maxInFlight} chat requests at once; the next
 * ones wait up to {@code queueTimeout} for a slot, then get 429 {@code gateway_overloaded}.
 */
final class Admission {
    private final Semaphore slots;
    private final int maxInFlight;
    private final Duration queueTimeout;
    private final AtomicLong rejected = new AtomicLong();

    Admission(int maxInFlight, Duration queueTimeout) {
        this.slots = new Semaphore(maxInFlight, true);
        this.maxInFlight = maxInFlight;
        this.queueTimeout = queueTimeout;
    }

    /** Takes a slot or throws the 429; the caller must {@link #release()} after a successful acquire. */
    void acquire() {
        boolean got;
        try {
            got = queueTimeout.isZero() ? slots.tryAcquire() : slots.tryAcquire(queueTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            got = false;
        }
        if (!got) {
            rejected.incrementAndGet();
            throw new ApiException(new ApiError(429, "rate_limit_error", "gateway_overloaded",
                    "Tollfree is serving its maximum of " + maxInFlight + " concurrent requests (server.max_in_flight); retry shortly.", null),
                    Map.of("Retry-After", "1"));
        }
    }

    void release() {
        slots.release();
    }

    int inFlight() {
        return maxInFlight - slots.availablePermits();
    }

    long rejected() {
        return rejected.get();
    }
}
