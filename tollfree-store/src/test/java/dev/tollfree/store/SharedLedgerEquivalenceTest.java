package dev.tollfree.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollfree.core.adapter.RateLimitSnapshot;
import dev.tollfree.core.catalog.Limits;
import dev.tollfree.api.ChatRequest;
import dev.tollfree.core.quota.Admission;
import dev.tollfree.core.quota.PromptTokens;
import dev.tollfree.core.quota.TokenCounter;
import dev.tollfree.core.quota.QuotaConfig;
import dev.tollfree.core.quota.QuotaKey;
import dev.tollfree.core.quota.QuotaLedger;
import dev.tollfree.core.quota.QuotaWindow;
import dev.tollfree.core.quota.Reservation;
import dev.tollfree.core.store.QuotaStore;
import dev.tollfree.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shared ledger keeps the rules of the in-process ledger exactly: the same random operations
 * (seeded, so a failure names its seed) go to both on one manual clock — reservations, commits
 * above and below the estimate, releases, answers arriving late, rate-limit reports in every
 * window, 429s with and without a wait, and time passing by milliseconds, minutes and days — and
 * every answer and every scope's status must be equal.
 */
class SharedLedgerEquivalenceTest {
    private static final String[] MODELS = {"small", "large", "open"};
    private static final String[] KEYS = {"key1", "key2"};
    private static final Limits[] MODEL_LIMITS = {
        new Limits(5, 40, 1_200, 9_000, false),
        new Limits(3, 0, 0, 20_000, false),
        Limits.NONE};
    private static final Limits ACCOUNT = new Limits(7, 60, 2_000, 0, false);

    private SharedRedis redis;

    @BeforeEach
    void connect() {
        redis = SharedRedis.connect(RedisTestSupport.fresh());
    }

    @AfterEach
    void wipe() {
        if (redis != null) {
            RedisTestSupport.wipe(redis);
            redis.close();
        }
    }

    static QuotaLedger local(ManualClock clock) {
        return QuotaLedger.create(QuotaConfig.DEFAULTS.withSnapshotInterval(Duration.ZERO), clock, QuotaStore.NONE);
    }

    static RedisQuotaLedger shared(SharedRedis redis, ManualClock clock, String node) {
        return new RedisQuotaLedger(redis, clock, Duration.ofHours(1), Duration.ofDays(400), node,
                new SharedFallback(local(clock), 2_000));
    }

    private record Open(Reservation local, Reservation shared) {}

    @Test
    void randomOperations_getTheSameAnswers_andLeaveTheSameCounts() {
        for (long seed = 1; seed <= 10; seed++) {
            RedisTestSupport.wipe(redis);
            run(seed, 250);
        }
    }

    private void run(long seed, int steps) {
        Random rnd = new Random(seed);
        ManualClock clock = new ManualClock(Instant.parse("2026-03-04T23:50:00Z").plusMillis(rnd.nextInt(1_000)));
        QuotaLedger local = local(clock);
        QuotaLedger shared = shared(redis, clock, "node-" + seed);
        List<Open> open = new ArrayList<>();
        for (int step = 0; step < steps; step++) {
            String where = "seed " + seed + ", step " + step + " at " + clock.instant();
            int m = rnd.nextInt(MODELS.length);
            QuotaKey key = new QuotaKey("groq", KEYS[rnd.nextInt(KEYS.length)], MODELS[m]);
            int op = rnd.nextInt(100);
            if (op < 35) {
                long prompt = rnd.nextInt(10) == 0 ? 1_000 + rnd.nextInt(2_000) : rnd.nextInt(300);
                long output = rnd.nextInt(200);
                Admission a;
                Admission b;
                if (rnd.nextBoolean()) {
                    a = local.tryReserve(key, MODEL_LIMITS[m], ACCOUNT, prompt, output);
                    b = shared.tryReserve(key, MODEL_LIMITS[m], ACCOUNT, prompt, output);
                } else { // counted by the tokenizer only when a token budget applies; until then the character estimate
                    ChatRequest request = request(rnd.nextInt(1_500));
                    PromptTokens pa = PromptTokens.of(request, counter(prompt));
                    PromptTokens pb = PromptTokens.of(request, counter(prompt));
                    a = local.tryReserve(key, MODEL_LIMITS[m], ACCOUNT, pa, output);
                    b = shared.tryReserve(key, MODEL_LIMITS[m], ACCOUNT, pb, output);
                    assertThat(pb.isCounted()).as(where + ": tokenised by both or neither").isEqualTo(pa.isCounted());
                }
                assertThat(b instanceof Reservation).as(where + ": granted by both or neither, local said " + a)
                        .isEqualTo(a instanceof Reservation);
                if (a instanceof Reservation ra) {
                    open.add(new Open(ra, (Reservation) b));
                } else {
                    assertThat(b).as(where).isEqualTo(a);
                }
            } else if (op < 50 && !open.isEmpty()) {
                Open o = open.remove(rnd.nextInt(open.size()));
                long p = rnd.nextInt(400);
                long c = rnd.nextInt(300);
                assertThat(o.shared().commit(p, c)).as(where).isEqualTo(o.local().commit(p, c));
                key = o.local().key();
            } else if (op < 58 && !open.isEmpty()) {
                Open o = open.remove(rnd.nextInt(open.size()));
                assertThat(o.shared().release()).as(where).isEqualTo(o.local().release());
                key = o.local().key();
            } else if (op < 64 && !open.isEmpty()) {
                Open o = open.get(rnd.nextInt(open.size()));
                o.local().answered();
                o.shared().answered();
                key = o.local().key();
            } else if (op < 74) {
                RateLimitSnapshot s = snapshot(rnd, clock.instant());
                Instant at = clock.instant().minusMillis(rnd.nextInt(3) == 0 ? rnd.nextInt(5_000) : 0);
                QuotaKey target = rnd.nextInt(4) == 0 ? key.account() : key;
                local.observe(target, s, at);
                shared.observe(target, s, at);
            } else if (op < 80) {
                QuotaWindow w = rnd.nextInt(4) == 0 ? QuotaWindow.DAY : QuotaWindow.MINUTE;
                Optional<Duration> wait = switch (rnd.nextInt(4)) {
                    case 0 -> Optional.empty();
                    case 1 -> Optional.of(Duration.ofMillis(rnd.nextInt(90_000)));
                    case 2 -> Optional.of(Duration.ofSeconds(-3));
                    default -> Optional.of(Duration.ofDays(30));
                };
                QuotaKey target = rnd.nextInt(4) == 0 ? key.account() : key;
                assertThat(shared.observeLimitHit(target, w, wait, clock.instant()))
                        .as(where).isEqualTo(local.observeLimitHit(target, w, wait, clock.instant()));
            } else {
                int r = rnd.nextInt(20);
                clock.advance(Duration.ofMillis(r < 14 ? rnd.nextInt(3_000) : r < 19 ? 20_000 + rnd.nextInt(50_000) : 3_600_000L * (1 + rnd.nextInt(5))));
            }
            assertThat(shared.status(key)).as(where).isEqualTo(local.status(key));
            assertThat(shared.status(key.account())).as(where).isEqualTo(local.status(key.account()));
            if (step % 50 == 49) {
                assertThat(shared.status()).as(where).isEqualTo(local.status());
            }
        }
        assertThat(shared.status()).as("seed " + seed + " at the end").isEqualTo(local.status());
    }

    private static ChatRequest request(int chars) {
        return ChatRequest.parse(dev.tollfree.api.Json.parseObject(
                ("{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(chars) + "\"}]}").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** A tokenizer that counts every prompt as {@code tokens}. */
    private static TokenCounter counter(long tokens) {
        return new TokenCounter() {
            @Override
            public long promptTokens(ChatRequest request) {
                return tokens;
            }

            @Override
            public long outputTokens(ChatRequest request, dev.tollfree.core.catalog.ModelSpec model) {
                return 0;
            }

            @Override
            public long textTokens(String text) {
                return tokens;
            }
        };
    }

    private static RateLimitSnapshot snapshot(Random rnd, Instant now) {
        RateLimitSnapshot.Window[] windows = RateLimitSnapshot.Window.values();
        return new RateLimitSnapshot(
                maybe(rnd, 2 + rnd.nextInt(8)), maybe(rnd, rnd.nextInt(6)), reset(rnd, now), windows[rnd.nextInt(windows.length)],
                maybe(rnd, 500 + rnd.nextInt(3_000)), maybe(rnd, rnd.nextInt(2_500)), reset(rnd, now), windows[rnd.nextInt(windows.length)],
                Optional.empty());
    }

    private static OptionalLong maybe(Random rnd, long v) {
        return rnd.nextInt(3) == 0 ? OptionalLong.empty() : OptionalLong.of(v);
    }

    private static Optional<Instant> reset(Random rnd, Instant now) {
        return switch (rnd.nextInt(4)) {
            case 0 -> Optional.empty();
            case 1 -> Optional.of(now.minusSeconds(5));
            case 2 -> Optional.of(now.plusMillis(rnd.nextInt(70_000)));
            default -> Optional.of(now.plusSeconds(3_600L * rnd.nextInt(30)));
        };
    }
}
