package dev.tollfree.store;

import dev.tollfree.core.quota.QuotaConfig;
import dev.tollfree.core.quota.QuotaLedger;
import dev.tollfree.core.routing.Cooldowns;
import dev.tollfree.core.routing.SessionAffinity;
import dev.tollfree.core.store.QuotaStore;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * Everything several gateway processes share through one Redis: the quota ledger, benches and
 * sticky sessions, with one connection, one record of the gateways alive, and one fallback for
 * when Redis does not answer. Opened by the composition root when {@code redis.url} is set.
 */
public final class SharedState implements AutoCloseable {
    /** How often each gateway says it is alive. */
    static final Duration HEARTBEAT = Duration.ofSeconds(2);
    /** After a failed Redis command, how long the gateway counts on its own before trying again. */
    static final long RETRY_AFTER_MS = 2_000;
    private final SharedRedis redis;
    private final InstantSource clock;
    private final String node;
    private final SharedFallback fallback;
    private final SharedGateways gateways;

    private SharedState(SharedRedis redis, InstantSource clock, String node, SharedFallback fallback, SharedGateways gateways) {
        this.redis = redis;
        this.clock = clock;
        this.node = node;
        this.fallback = fallback;
        this.gateways = gateways;
    }

    /**
     * Connects to Redis and registers this gateway.
     *
     * @param node this process's name among the gateways; unique
     * @throws dev.tollfree.core.store.StoreException when Redis cannot be reached (the message masks the password)
     */
    public static SharedState connect(RedisSettings settings, InstantSource clock, String node) {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(node, "node");
        SharedRedis redis = SharedRedis.connect(settings);
        SharedFallback fallback = new SharedFallback(
                QuotaLedger.create(QuotaConfig.DEFAULTS.withSnapshotInterval(Duration.ZERO), clock, QuotaStore.NONE), RETRY_AFTER_MS); // an outage's counts are not worth keeping: Redis holds the real ones
        try {
            return new SharedState(redis, clock, node, fallback, new SharedGateways(redis, clock, node, HEARTBEAT, fallback));
        } catch (RuntimeException e) {
            redis.close();
            throw e;
        }
    }

    /**
     * The shared quota ledger.
     *
     * @param evictAfter how long Redis keeps a scope that nothing holds after its last use
     * @param lease      how long a reservation counts as in flight at most; longer than any request lasts
     */
    public QuotaLedger ledger(Duration evictAfter, Duration lease) {
        return new RedisQuotaLedger(redis, clock, evictAfter, lease, node, fallback);
    }

    /** Has {@code cooldowns} share its benches with the other gateways, starting with those in force. */
    public void shareBenches(Cooldowns cooldowns) {
        RedisBenches.attach(redis, clock, cooldowns, node, fallback);
    }

    /** Sticky sessions shared with the other gateways, with {@code local} answering while Redis does not. */
    public SessionAffinity.Memory sessions(SessionAffinity.Memory local) {
        return new RedisSessions(redis, clock, local, fallback);
    }

    /** The gateways that shared this Redis at the last heartbeat, this one included. */
    public int gateways() {
        return gateways.count();
    }

    /** True while Redis does not answer and this gateway counts on its own. */
    public boolean degraded() {
        return fallback.active();
    }

    /** Where the state lives, with the password masked. */
    public String describe() {
        return redis.settings().describe() + " (prefix " + redis.settings().prefix() + ")";
    }

    @Override
    public void close() {
        gateways.close();
        redis.close();
    }
}
