package dev.tollfree.store;

import io.lettuce.core.RedisException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The gateways that share one Redis: each one writes its name with the time into a sorted set
 * every {@code every}, and counts the names written within the last three periods. The count tells
 * {@link SharedFallback} how to divide the limits if Redis goes away.
 */
public final class SharedGateways implements AutoCloseable {
    private final SharedRedis redis;
    private final InstantSource clock;
    private final String node;
    private final long everyMs;
    private final SharedFallback fallback;
    private final ScheduledExecutorService timer;

    public SharedGateways(SharedRedis redis, InstantSource clock, String node, Duration every, SharedFallback fallback) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.node = Objects.requireNonNull(node, "node");
        this.everyMs = every.toMillis();
        this.fallback = Objects.requireNonNull(fallback, "fallback");
        beat();
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("tollfree-gateways").factory());
        timer.scheduleWithFixedDelay(this::beat, everyMs, everyMs, TimeUnit.MILLISECONDS);
    }

    /** Registers this gateway now and counts the live ones; quietly keeps the last count when Redis does not answer. */
    void beat() {
        String set = redis.ns() + "gateways";
        long now = clock.millis();
        try {
            var c = redis.commands();
            c.zadd(set, now, node);
            c.zremrangebyscore(set, io.lettuce.core.Range.create(Double.NEGATIVE_INFINITY, (double) (now - 3 * everyMs)));
            c.pexpire(set, 3 * everyMs + 60_000);
            fallback.peers((int) Math.min(Integer.MAX_VALUE, c.zcard(set)));
        } catch (RedisException e) {
            // the fallback already logs an outage; the last count stays
        }
    }

    /** The gateways counted at the last beat. */
    public int count() {
        return fallback.peers();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            redis.commands().zrem(redis.ns() + "gateways", node);
        } catch (RedisException e) {
            // gone with the connection; the entry ages out
        }
    }
}
