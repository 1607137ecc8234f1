package dev.tollfree.store;

import dev.tollfree.core.store.StoreException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * One connection to the Redis that several gateway processes share, multiplexed by every thread
 * of this process, and the scripts that change shared state atomically. Commands fail fast (after
 * {@link RedisSettings#timeout()}, or at once while the connection is down) so that callers can
 * fall back instead of waiting; the connection re-establishes itself in the background.
 */
public final class SharedRedis implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SharedRedis.class.getName());

    private final RedisSettings settings;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final String quotaScript;
    private volatile String quotaSha;
    private final List<StatefulRedisPubSubConnection<String, String>> subscriptions = new ArrayList<>();

    private SharedRedis(RedisSettings settings, RedisClient client, StatefulRedisConnection<String, String> connection, String quotaScript) {
        this.settings = settings;
        this.client = client;
        this.connection = connection;
        this.quotaScript = quotaScript;
    }

    /**
     * Connects and loads the scripts.
     *
     * @throws StoreException when Redis cannot be reached or refuses the connection (the message names
     *                        the URL with its password masked)
     */
    public static SharedRedis connect(RedisSettings settings) {
        Objects.requireNonNull(settings, "settings");
        RedisURI uri;
        try {
            uri = RedisURI.create(settings.url());
        } catch (RuntimeException e) {
            throw new StoreException("the Redis URL " + settings.describe() + " cannot be read: " + scrub(e.getMessage(), settings), e);
        }
        uri.setTimeout(settings.timeout());
        RedisClient client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .socketOptions(SocketOptions.builder().connectTimeout(settings.timeout().multipliedBy(4)).build())
                .timeoutOptions(TimeoutOptions.enabled(settings.timeout()))
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        try {
            StatefulRedisConnection<String, String> connection = client.connect();
            SharedRedis redis = new SharedRedis(settings, client, connection, resource("quota.lua"));
            redis.quotaSha = connection.sync().scriptLoad(redis.quotaScript);
            return redis;
        } catch (RuntimeException e) {
            client.shutdown();
            throw new StoreException("could not connect to Redis at " + settings.describe() + ": " + scrub(e.getMessage(), settings), e);
        }
    }

    public RedisSettings settings() {
        return settings;
    }

    /** The key prefix, followed by a colon. */
    String ns() {
        return settings.prefix() + ":";
    }

    RedisCommands<String, String> commands() {
        return connection.sync();
    }

    /** Calls {@code each} with every key matching {@code pattern} (a SCAN, a page of 500 at a time). */
    void scan(String pattern, java.util.function.Consumer<List<String>> each) {
        ScanArgs match = ScanArgs.Builder.matches(pattern).limit(500);
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = connection.sync().scan(cursor, match);
            if (!page.getKeys().isEmpty()) {
                each.accept(page.getKeys());
            }
            cursor = page;
        } while (!cursor.isFinished());
    }

    /** Deletes every key matching {@code pattern}. */
    void deleteMatching(String pattern) {
        scan(pattern, keys -> connection.sync().del(keys.toArray(String[]::new)));
    }

    /**
     * Runs one operation of the quota script; loads the script again if Redis has forgotten it (a
     * restart). A command that times out while the connection stands is sent once more before the
     * failure counts: a busy Redis or a busy gateway is not an outage. The first attempt may have
     * run, so a reservation can then be counted twice — the safe side: it ages out like any count.
     */
    List<Object> quota(String[] keys, String... args) {
        try {
            return evalQuota(keys, args);
        } catch (RedisCommandTimeoutException slow) {
            if (!connection.isOpen()) {
                throw slow;
            }
            return evalQuota(keys, args);
        }
    }

    private List<Object> evalQuota(String[] keys, String... args) {
        RedisCommands<String, String> sync = connection.sync();
        try {
            return sync.evalsha(quotaSha, ScriptOutputType.MULTI, keys, args);
        } catch (RedisNoScriptException e) {
            quotaSha = sync.scriptLoad(quotaScript);
            return sync.evalsha(quotaSha, ScriptOutputType.MULTI, keys, args);
        }
    }

    /**
     * Calls {@code listener} with every message published on {@code channel}, on a connection of
     * its own; re-subscribes by itself after a reconnect.
     */
    void subscribe(String channel, BiConsumer<String, String> listener) {
        StatefulRedisPubSubConnection<String, String> pubsub = client.connectPubSub();
        pubsub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String ch, String message) {
                try {
                    listener.accept(ch, message);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "a shared-state message on " + ch + " could not be applied: " + e.getMessage());
                }
            }
        });
        pubsub.sync().subscribe(channel);
        synchronized (subscriptions) {
            subscriptions.add(pubsub);
        }
    }

    @Override
    public void close() {
        synchronized (subscriptions) {
            subscriptions.forEach(StatefulRedisPubSubConnection::close);
            subscriptions.clear();
        }
        connection.close();
        client.shutdown();
    }

    static String scrub(String message, RedisSettings settings) {
        String text = message == null ? "" : message;
        return Redaction.maskUrlPassword(text.replace(settings.url(), settings.describe()));
    }

    private static String resource(String name) {
        try (InputStream in = SharedRedis.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + name, e);
        }
    }
}
