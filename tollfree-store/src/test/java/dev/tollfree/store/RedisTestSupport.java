package dev.tollfree.store;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The Redis the scale-out tests run against: {@code TOLLFREE_TEST_REDIS_URL}, or
 * {@code redis://127.0.0.1:6379}. Each test gets a key prefix of its own and removes its keys
 * afterwards; when no server answers the tests are skipped with a message that says so.
 */
final class RedisTestSupport {
    static final String URL = System.getenv().getOrDefault("TOLLFREE_TEST_REDIS_URL", "redis://127.0.0.1:6379");
    private static final boolean REACHABLE = probe();

    private RedisTestSupport() {}

    private static boolean probe() {
        URI uri = URI.create(URL);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 6379), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static void assumeReachable() {
        Assumptions.assumeTrue(REACHABLE, "Redis not reachable at " + URL
                + " — start it (or set TOLLFREE_TEST_REDIS_URL) to run the shared-state tests");
    }

    /** Settings with a prefix no other test uses. */
    static RedisSettings fresh() {
        assumeReachable();
        return RedisSettings.of(URL).withPrefix("tftest-" + UUID.randomUUID().toString().substring(0, 12).toLowerCase(Locale.ROOT));
    }

    /** Deletes every key under the prefix of {@code redis}. */
    static void wipe(SharedRedis redis) {
        redis.deleteMatching(redis.ns() + "*");
    }
}
