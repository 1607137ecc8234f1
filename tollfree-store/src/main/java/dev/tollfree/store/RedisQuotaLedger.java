package dev.tollfree.store;

import dev.tollfree.core.adapter.RateLimitSnapshot;
import dev.tollfree.core.catalog.Limits;
import dev.tollfree.core.quota.Admission;
import dev.tollfree.core.quota.Denial;
import dev.tollfree.core.quota.QuotaKey;
import dev.tollfree.core.quota.QuotaLedger;
import dev.tollfree.core.quota.PromptTokens;
import dev.tollfree.core.quota.QuotaMetric;
import dev.tollfree.core.quota.QuotaRules;
import dev.tollfree.core.quota.QuotaStatus;
import dev.tollfree.core.quota.QuotaWindow;
import io.lettuce.core.RedisException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The quota ledger that several gateway processes share: every scope lives in Redis, and each
 * reservation, settlement and lesson is one atomic script call, so that gateways together never
 * pass a limit that each alone would keep. The rules are those of the in-process ledger, word for
 * word ({@code quota.lua} mirrors it; a test runs both side by side on the same operations).
 *
 * <p>When Redis cannot be reached, the ledger keeps serving from a ledger of its own with every
 * configured limit divided by the number of gateways last seen, and goes back to Redis as soon as
 * it answers again (see {@link SharedFallback}).
 */
public final class RedisQuotaLedger implements QuotaLedger {
    private static final Comparator<QuotaStatus> ORDER = Comparator.comparing((QuotaStatus s) -> s.key().provider())
            .thenComparing(s -> s.key().key()).thenComparing(s -> s.key().model());
    private static final QuotaMetric[] METRICS = QuotaMetric.values();

    private final SharedRedis redis;
    private final InstantSource clock;
    private final long evictAfterMs;
    private final long leaseMs;
    private final String node;
    private final AtomicLong sequence = new AtomicLong();
    private final SharedFallback fallback;

    /**
     * @param evictAfter how long a scope that nothing holds stays in Redis after its last use
     * @param lease      how long a reservation counts as in flight at most (a gateway that died
     *                   holding one stops counting it then); longer than any request may last
     * @param node       this process's name among the gateways, unique
     */
    public RedisQuotaLedger(SharedRedis redis, InstantSource clock, Duration evictAfter, Duration lease, String node,
                            SharedFallback fallback) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.evictAfterMs = evictAfter.toMillis();
        this.leaseMs = lease.toMillis();
        this.node = Objects.requireNonNull(node, "node");
        this.fallback = Objects.requireNonNull(fallback, "fallback");
        if (leaseMs <= 0) {
            throw new IllegalArgumentException("the reservation lease must be positive, was " + lease);
        }
    }

    /** The Redis keys of a scope: its minute, its state, its reservations in flight. */
    String[] keys(QuotaKey k) {
        String base = redis.ns() + "q:{" + escape(k.provider()) + "/" + escape(k.key()) + "}:" + (k.isAccount() ? "a" : "m:" + k.model());
        return new String[] {base + ":w", base + ":s", base + ":f"};
    }

    private static String escape(String part) {
        return part.replace("%", "%25").replace("{", "%7B").replace("}", "%7D");
    }

    private static String id(QuotaKey k) {
        return k.provider() + "\n" + k.key() + "\n" + k.model();
    }

    private static String[] both(String[] model, String[] account) {
        return new String[] {model[0], model[1], model[2], account[0], account[1], account[2]};
    }

    @Override
    public Admission tryReserve(QuotaKey key, Limits modelLimits, Limits accountLimits, long estPromptTokens, long estOutputTokens) {
        if (estPromptTokens < 0 || estOutputTokens < 0) {
            throw new IllegalArgumentException("token estimates cannot be negative, were " + estPromptTokens + " and " + estOutputTokens);
        }
        return tryReserve(key, modelLimits, accountLimits, PromptTokens.counted(estPromptTokens), estOutputTokens);
    }

    /** As the in-process ledger: the prompt is tokenised only when a token budget of either scope applies (one more round trip then). */
    @Override
    public Admission tryReserve(QuotaKey key, Limits modelLimits, Limits accountLimits, PromptTokens prompt, long estOutputTokens) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(modelLimits, "modelLimits (use Limits.NONE)");
        Objects.requireNonNull(accountLimits, "accountLimits (use Limits.NONE)");
        Objects.requireNonNull(prompt, "prompt");
        if (key.isAccount()) {
            throw new IllegalArgumentException("reserve for a model, not for the account-wide key " + key);
        }
        if (estOutputTokens < 0) {
            throw new IllegalArgumentException("token estimates cannot be negative, were " + prompt.value() + " and " + estOutputTokens);
        }
        long now = clock.millis();
        if (!fallback.useShared(now)) {
            return fallback.ledger().tryReserve(key, fallback.share(modelLimits), fallback.share(accountLimits), prompt, estOutputTokens);
        }
        QuotaKey account = key.account();
        while (true) {
            long cost = saturatedAdd(prompt.value(), estOutputTokens);
            String member = node + ":" + sequence.incrementAndGet() + "|" + cost;
            List<Object> r;
            try {
                r = redis.quota(both(keys(key), keys(account)), "reserve", num(now), num(evictAfterMs), num(cost), num(leaseMs), member,
                        num(modelLimits.rpm()), num(modelLimits.rpd()), num(modelLimits.tpm()), num(modelLimits.tpd()),
                        num(accountLimits.rpm()), num(accountLimits.rpd()), num(accountLimits.tpm()), num(accountLimits.tpd()),
                        id(key), id(account), prompt.isCounted() ? "1" : "0");
            } catch (RedisException e) {
                fallback.failed(now, e);
                return fallback.ledger().tryReserve(key, fallback.share(modelLimits), fallback.share(accountLimits), prompt, estOutputTokens);
            }
            fallback.succeeded();
            long answer = asLong(r.get(0));
            if (answer == 2) {
                prompt.count(); // a token budget applies: count the prompt, then ask again
                continue;
            }
            if (answer == 1) {
                return new SharedReservation(this, key, member, cost, now);
            }
            QuotaKey scope = asLong(r.get(1)) == 0 ? key : account;
            return denial(scope, (String) r.get(2), (int) asLong(r.get(3)), asLong(r.get(4)), asLong(r.get(5)), asLong(r.get(6)), asLong(r.get(7)));
        }
    }

    private static Denial denial(QuotaKey scope, String reason, int metric, long retry, long a, long b, long c) {
        Denial.Reason why = Denial.Reason.valueOf(reason);
        return switch (why) {
            case RATE_LIMITED, DAILY_CAP -> QuotaRules.blocked(scope, why, retry);
            case REPORTED_EXHAUSTED -> metric == 0 ? QuotaRules.blocked(scope, why, retry)
                    : QuotaRules.reportedExhausted(scope, METRICS[metric - 1], a, b, retry);
            case TOO_LARGE -> QuotaRules.tooLarge(scope, METRICS[metric - 1], a, b);
            case LIMIT -> QuotaRules.overLimit(scope, METRICS[metric - 1], a, b, c, retry);
        };
    }

    /** Settles a reservation: see {@link SharedReservation}. Failures leave it counted at its estimate. */
    boolean settle(SharedReservation r, long requestDelta, long tokenDelta, boolean moveFirst) {
        long now = clock.millis();
        try {
            redis.quota(both(keys(r.key()), keys(r.key().account())), "settle", num(now), num(evictAfterMs),
                    num(r.second()), num(r.day()), num(r.estimatedTokens()), num(requestDelta), num(tokenDelta), r.member(),
                    id(r.key()), id(r.key().account()), moveFirst ? "1" : "0");
            return true;
        } catch (RedisException e) {
            fallback.failed(now, e);
            return false;
        }
    }

    /** Moves a reservation to the current second; returns that second when both scopes moved, else -1. */
    long answered(SharedReservation r) {
        long now = clock.millis();
        long to = Math.floorDiv(now, 1_000L);
        if (to <= r.second()) {
            return -1;
        }
        try {
            List<Object> moved = redis.quota(both(keys(r.key()), keys(r.key().account())), "answered", num(now), num(evictAfterMs),
                    num(r.second()), num(r.estimatedTokens()), id(r.key()), id(r.key().account()));
            return asLong(moved.get(0)) == 1 && asLong(moved.get(1)) == 1 ? to : -1;
        } catch (RedisException e) {
            fallback.failed(now, e);
            return -1;
        }
    }

    long millis() {
        return clock.millis();
    }

    @Override
    public void observe(QuotaKey key, RateLimitSnapshot snapshot, Instant now) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(now, "now");
        if (snapshot == null || snapshot.isEmpty()) {
            return;
        }
        long t = millis(now);
        if (!fallback.useShared(clock.millis())) {
            fallback.ledger().observe(key, snapshot, now);
            return;
        }
        List<String> args = new ArrayList<>(List.of("learn", num(t), num(evictAfterMs), id(key)));
        for (QuotaRules.Lesson lesson : QuotaRules.lessons(snapshot, t)) {
            switch (lesson) {
                case QuotaRules.Counter c -> args.addAll(List.of("c", num(c.metric().ordinal() + 1), opt(c.limit()), opt(c.remaining()), num(c.resetAt())));
                case QuotaRules.Block b -> args.addAll(List.of("b", b.reason().name(), num(b.until())));
            }
        }
        try {
            redis.quota(keys(key), args.toArray(String[]::new));
            fallback.succeeded();
        } catch (RedisException e) {
            fallback.failed(clock.millis(), e);
            fallback.ledger().observe(key, snapshot, now);
        }
    }

    @Override
    public Instant observeLimitHit(QuotaKey key, QuotaWindow window, Optional<Duration> retryAfter, Instant now) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(retryAfter, "retryAfter");
        Objects.requireNonNull(now, "now");
        if (!fallback.useShared(clock.millis())) {
            return fallback.ledger().observeLimitHit(key, window, retryAfter, now);
        }
        long t = millis(now);
        try {
            List<Object> r = redis.quota(keys(key), "hit", num(t), num(evictAfterMs), id(key), window.name(),
                    num(QuotaRules.statedWait(retryAfter)), num(QuotaRules.MAX_BLOCK_MS));
            fallback.succeeded();
            return Instant.ofEpochMilli(Long.parseLong(String.valueOf(r.get(0))));
        } catch (RedisException e) {
            fallback.failed(clock.millis(), e);
            return fallback.ledger().observeLimitHit(key, window, retryAfter, now);
        }
    }

    @Override
    public List<QuotaStatus> status() {
        if (!fallback.useShared(clock.millis())) {
            return fallback.ledger().status();
        }
        List<QuotaStatus> all = new ArrayList<>();
        try {
            redis.scan(redis.ns() + "q:*:s", keys -> {
                for (String stateKey : keys) {
                    String base = stateKey.substring(0, stateKey.length() - 2);
                    status(new String[] {base + ":w", stateKey, base + ":f"}, null).ifPresent(all::add);
                }
            });
        } catch (RedisException e) {
            fallback.failed(clock.millis(), e);
            return fallback.ledger().status();
        }
        all.sort(ORDER);
        return List.copyOf(all);
    }

    @Override
    public Optional<QuotaStatus> status(QuotaKey key) {
        Objects.requireNonNull(key, "key");
        if (!fallback.useShared(clock.millis())) {
            return fallback.ledger().status(key);
        }
        try {
            return status(keys(key), key);
        } catch (RedisException e) {
            fallback.failed(clock.millis(), e);
            return fallback.ledger().status(key);
        }
    }

    private Optional<QuotaStatus> status(String[] keys, QuotaKey known) {
        List<Object> r = redis.quota(keys, "status", num(clock.millis()), num(evictAfterMs));
        if (r.isEmpty()) {
            return Optional.empty();
        }
        QuotaKey key = known;
        if (key == null) {
            String[] parts = String.valueOf(r.get(0)).split("\n", -1);
            if (parts.length != 3 || parts[0].isBlank() || parts[1].isBlank()) {
                return Optional.empty(); // not written by this version
            }
            key = new QuotaKey(parts[0], parts[1], parts[2]);
        }
        int inFlight = (int) asLong(r.get(1));
        long until = asLong(r.get(2));
        Optional<QuotaStatus.Block> denied = until > 0
                ? Optional.of(new QuotaStatus.Block(Denial.Reason.valueOf(String.valueOf(r.get(3))), Instant.ofEpochMilli(until)))
                : Optional.empty();
        QuotaStatus.Meter[] meters = new QuotaStatus.Meter[4];
        for (int i = 0; i < 4; i++) {
            int at = 4 + i * 6;
            String left = String.valueOf(r.get(at + 4));
            boolean holds = !left.equals("n");
            meters[i] = new QuotaStatus.Meter(asLong(r.get(at)), asLong(r.get(at + 1)), asLong(r.get(at + 2)), asLong(r.get(at + 3)),
                    holds ? OptionalLong.of(Long.parseLong(left)) : OptionalLong.empty(),
                    holds ? Optional.of(Instant.ofEpochMilli(asLong(r.get(at + 5)))) : Optional.empty());
        }
        return Optional.of(new QuotaStatus(key, meters[0], meters[1], meters[2], meters[3], inFlight, denied));
    }

    /** Redis keeps the state itself: there is nothing to write. */
    @Override
    public void flush() {
        fallback.ledger().flush();
    }

    @Override
    public void close() {
        fallback.ledger().close();
    }

    static String num(long v) {
        return Long.toString(v);
    }

    private static String opt(OptionalLong v) {
        return v.isPresent() ? Long.toString(v.getAsLong()) : "n";
    }

    static long asLong(Object o) {
        return o instanceof Long l ? l : Long.parseLong(String.valueOf(o));
    }

    private static long millis(Instant instant) {
        try {
            return instant.toEpochMilli();
        } catch (ArithmeticException e) {
            return instant.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }
}
