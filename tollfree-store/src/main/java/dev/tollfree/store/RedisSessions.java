package dev.tollfree.store;

import dev.tollfree.api.Sha256;
import dev.tollfree.core.routing.SessionAffinity;
import io.lettuce.core.RedisException;
import io.lettuce.core.SetArgs;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;

/**
 * Sticky sessions shared by every gateway on one Redis, so that a conversation stays on its model
 * whichever gateway the load balancer picks for its next turn. Each entry expires in Redis with the
 * session. Every entry is also kept in this process, which answers while Redis does not.
 */
public final class RedisSessions implements SessionAffinity.Memory {
    private final SharedRedis redis;
    private final InstantSource clock;
    private final SessionAffinity.Memory local;
    private final SharedFallback fallback;

    public RedisSessions(SharedRedis redis, InstantSource clock, SessionAffinity.Memory local, SharedFallback fallback) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.local = Objects.requireNonNull(local, "local");
        this.fallback = Objects.requireNonNull(fallback, "fallback");
    }

    private String key(String session) {
        return redis.ns() + "session:" + Sha256.hex(session);
    }

    @Override
    public Optional<String> route(String session) {
        long now = clock.millis();
        if (fallback.useShared(now)) {
            try {
                return Optional.ofNullable(redis.commands().get(key(session)));
            } catch (RedisException e) {
                fallback.failed(now, e);
            }
        }
        return local.route(session);
    }

    @Override
    public void remember(String session, String route, Instant expires) {
        local.remember(session, route, expires);
        long now = clock.millis();
        long ttl = expires.toEpochMilli() - now;
        if (ttl > 0 && fallback.useShared(now)) {
            try {
                redis.commands().set(key(session), route, SetArgs.Builder.px(ttl));
            } catch (RedisException e) {
                fallback.failed(now, e);
            }
        }
    }

    @Override
    public int size() {
        return local.size();
    }
}
