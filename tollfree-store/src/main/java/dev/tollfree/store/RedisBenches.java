package dev.tollfree.store;

import dev.tollfree.api.Json;
import dev.tollfree.core.routing.Cooldowns;
import dev.tollfree.core.routing.FailureClass;
import io.lettuce.core.RedisException;
import io.lettuce.core.SetArgs;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Benches shared by every gateway on one Redis: a bench set here is written to Redis (expiring with
 * the bench) and announced on a channel; benches announced by the others are merged into this
 * gateway's {@link Cooldowns}, and at start every bench still in force is read. So a key that one
 * gateway found revoked, out of credits or at its daily cap is not tried again by the others. The
 * benches are read from memory on the request path; Redis is only written when a bench is set.
 */
public final class RedisBenches implements Cooldowns.Replica {
    private static final System.Logger LOG = System.getLogger(RedisBenches.class.getName());

    private final SharedRedis redis;
    private final InstantSource clock;
    private final Cooldowns cooldowns;
    private final String node;
    private final SharedFallback fallback;

    private RedisBenches(SharedRedis redis, InstantSource clock, Cooldowns cooldowns, String node, SharedFallback fallback) {
        this.redis = redis;
        this.clock = clock;
        this.cooldowns = cooldowns;
        this.node = node;
        this.fallback = fallback;
    }

    /** Reads the benches in force, subscribes to new ones, and has {@code cooldowns} share its own. */
    public static RedisBenches attach(SharedRedis redis, InstantSource clock, Cooldowns cooldowns, String node, SharedFallback fallback) {
        RedisBenches b = new RedisBenches(Objects.requireNonNull(redis), Objects.requireNonNull(clock), Objects.requireNonNull(cooldowns),
                Objects.requireNonNull(node), Objects.requireNonNull(fallback));
        redis.subscribe(b.channel(), (ch, message) -> b.received(message));
        int loaded = b.load();
        cooldowns.replicateTo(b);
        if (loaded > 0) {
            LOG.log(System.Logger.Level.INFO, loaded + " bench(es) set by other gateways are in force");
        }
        return b;
    }

    private String channel() {
        return redis.ns() + "benches";
    }

    private String key(String slot) {
        return redis.ns() + "bench:" + slot;
    }

    private int load() {
        int[] n = {0};
        redis.scan(redis.ns() + "bench:*", keys -> {
            for (String k : keys) {
                String json = redis.commands().get(k);
                if (json != null && merge(Json.tryParse(json).orElse(null))) {
                    n[0]++;
                }
            }
        });
        return n[0];
    }

    @Override
    public void benched(String slot, Cooldowns.Bench bench) {
        long ttl = bench.until().toEpochMilli() - clock.millis();
        if (ttl <= 0 || !fallback.useShared(clock.millis())) {
            return;
        }
        ObjectNode o = Json.object();
        o.put("node", node);
        o.put("op", "bench");
        o.put("slot", slot);
        o.put("until", bench.until().toEpochMilli());
        o.put("cause", bench.cause().name());
        o.put("reason", bench.reason());
        String json = Json.text(o);
        try {
            redis.commands().set(key(slot), json, SetArgs.Builder.px(ttl));
            redis.commands().publish(channel(), json);
        } catch (RedisException e) {
            fallback.failed(clock.millis(), e);
        }
    }

    @Override
    public void cleared(String keySlot) {
        if (!fallback.useShared(clock.millis())) {
            return;
        }
        ObjectNode o = Json.object();
        o.put("node", node);
        o.put("op", "clear");
        o.put("slot", keySlot);
        try {
            redis.commands().del(key("k:" + keySlot));
            redis.deleteMatching(key("km:" + keySlot + ":") + "*");
            redis.commands().publish(channel(), Json.text(o));
        } catch (RedisException e) {
            fallback.failed(clock.millis(), e);
        }
    }

    private void received(String message) {
        JsonNode o = Json.tryParse(message).orElse(null);
        if (o == null || node.equals(o.path("node").asString(""))) {
            return;
        }
        if ("clear".equals(o.path("op").asString(""))) {
            cooldowns.clearShared(o.path("slot").asString(""));
        } else {
            merge(o);
        }
    }

    private boolean merge(JsonNode o) {
        if (o == null || !o.path("slot").isString()) {
            return false;
        }
        try {
            Cooldowns.Bench b = new Cooldowns.Bench(Instant.ofEpochMilli(o.path("until").asLong(0)),
                    FailureClass.valueOf(o.path("cause").asString("")), o.path("reason").asString(""));
            if (!b.until().isAfter(clock.instant())) {
                return false;
            }
            cooldowns.mergeShared(o.path("slot").stringValue(), b);
            return true;
        } catch (IllegalArgumentException unknownCause) {
            return false; // written by a newer version
        }
    }
}
