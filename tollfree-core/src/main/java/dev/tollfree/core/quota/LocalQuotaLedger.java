package dev.tollfree.core.quota;

import dev.tollfree.core.adapter.RateLimitSnapshot;
import dev.tollfree.core.catalog.Limits;
import dev.tollfree.core.store.QuotaStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The ledger of one process. Scopes live in a concurrent map; each {@link Entry} has its own lock,
 * and a reservation takes two (the account's, then the model's), so calls on different keys never
 * contend and there is no global lock. Fine-grained locks rather than immutable state swapped by
 * compare-and-set: a reservation must check and charge two scopes atomically, which one CAS cannot
 * do, and copying a 64-bucket window per call would allocate on every request.
 */
final class LocalQuotaLedger implements QuotaLedger {
    private static final System.Logger LOG = System.getLogger(LocalQuotaLedger.class.getName());
    private static final Comparator<QuotaStatus> ORDER = Comparator.comparing((QuotaStatus s) -> s.key().provider())
            .thenComparing(s -> s.key().key()).thenComparing(s -> s.key().model());

    private final QuotaConfig config;
    private final InstantSource clock;
    private final ConcurrentHashMap<QuotaKey, Entry> entries = new ConcurrentHashMap<>();
    private final Snapshots snapshots;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile ScheduledExecutorService timer;

    private LocalQuotaLedger(QuotaConfig config, InstantSource clock, QuotaStore store) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.snapshots = new Snapshots(Objects.requireNonNull(store, "store"), config.evictAfter().toMillis());
    }

    static LocalQuotaLedger open(QuotaConfig config, InstantSource clock, QuotaStore store) {
        LocalQuotaLedger ledger = new LocalQuotaLedger(config, clock, store);
        ledger.snapshots.restore(ledger.entries, clock.millis());
        if (!config.snapshotInterval().isZero()) {
            long every = Math.max(1, config.snapshotInterval().toMillis());
            ScheduledExecutorService t = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofVirtual().name("tollfree-quota-snapshots").factory());
            t.scheduleWithFixedDelay(ledger::flushQuietly, every, every, TimeUnit.MILLISECONDS);
            ledger.timer = t;
        }
        return ledger;
    }

    @Override
    public Admission tryReserve(QuotaKey key, Limits modelLimits, Limits accountLimits, long estPromptTokens, long estOutputTokens) {
        if (estPromptTokens < 0 || estOutputTokens < 0) {
            throw new IllegalArgumentException("token estimates cannot be negative, were " + estPromptTokens + " and " + estOutputTokens);
        }
        return tryReserve(key, modelLimits, accountLimits, PromptTokens.counted(estPromptTokens), estOutputTokens);
    }

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
        long today = UtcTime.day(now);
        boolean count = false;
        while (true) {
            if (count) {
                prompt.count(); // outside the locks: a long prompt takes a while to tokenise
            }
            Entry model = entry(key, now);
            Entry account = entry(model.accountKey, now);
            account.lock.lock();
            try {
                model.lock.lock();
                try {
                    if (account.evicted || model.evicted) {
                        continue; // dropped by the snapshot writer between lookup and lock: look up again
                    }
                    account.rollDay(today);
                    model.rollDay(today);
                    model.configured = modelLimits;
                    account.configured = accountLimits;
                    if (!prompt.isCounted() && (model.checksTokens(now) || account.checksTokens(now))) {
                        count = true;
                        continue; // a token budget applies: count the prompt, then check again
                    }
                    long cost = MinuteWindow.saturatedAdd(prompt.value(), estOutputTokens);
                    Denial denial = QuotaRules.worse(model.check(cost, now), account.check(cost, now));
                    if (denial != null) {
                        model.touched = now;
                        account.touched = now;
                        return denial;
                    }
                    model.charge(cost, now);
                    account.charge(cost, now);
                    return new LedgerReservation(model, account, clock, cost, now);
                } finally {
                    model.lock.unlock();
                }
            } finally {
                account.lock.unlock();
            }
        }
    }

    @Override
    public void observe(QuotaKey key, RateLimitSnapshot snapshot, Instant now) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(now, "now");
        if (snapshot == null || snapshot.isEmpty()) {
            return;
        }
        long t = UtcTime.millis(now);
        Entry e = locked(key, t);
        try {
            for (QuotaRules.Lesson lesson : QuotaRules.lessons(snapshot, t)) {
                switch (lesson) {
                    case QuotaRules.Counter c -> e.learn(c.metric(), c.limit(), c.remaining(), c.resetAt(), t);
                    case QuotaRules.Block b -> e.block(b.reason(), b.until(), t);
                }
            }
        } finally {
            e.lock.unlock();
        }
    }

    @Override
    public Instant observeLimitHit(QuotaKey key, QuotaWindow window, Optional<Duration> retryAfter, Instant now) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(retryAfter, "retryAfter");
        Objects.requireNonNull(now, "now");
        long t = UtcTime.millis(now);
        long wait = QuotaRules.statedWait(retryAfter);
        Entry e = locked(key, t);
        try {
            long until = switch (window) {
                case MINUTE -> t + (wait >= 0 ? wait : unstatedWait(e, t));
                case DAY -> Math.max(UtcTime.nextMidnight(t), t + Math.max(0, wait));
            };
            long closed = QuotaRules.capped(until, t);
            e.block(window == QuotaWindow.DAY ? Denial.Reason.DAILY_CAP : Denial.Reason.RATE_LIMITED, closed, t);
            return UtcTime.instant(Math.max(e.blockedUntil, closed));
        } finally {
            e.lock.unlock();
        }
    }

    /**
     * How long a minute 429 that states no wait closes the scope: until the scope's own counts
     * free a request when they explain the refusal (a known limit, learned from this very 429 or
     * earlier, that the rolling minute has reached), otherwise a full minute. Lock held.
     */
    private static long unstatedWait(Entry e, long now) {
        e.rollDay(UtcTime.day(now));
        Denial d = e.check(0, now);
        if (d != null && !d.permanent() && d.retryAt().isPresent()) {
            long frees = UtcTime.millis(d.retryAt().get()) - now;
            if (frees > 0 && frees <= UtcTime.MINUTE_MS + UtcTime.SECOND_MS) {
                return frees;
            }
        }
        return UtcTime.MINUTE_MS;
    }

    @Override
    public List<QuotaStatus> status() {
        long now = clock.millis();
        List<QuotaStatus> all = new ArrayList<>(entries.size());
        for (Entry e : entries.values()) {
            e.lock.lock();
            try {
                if (!e.evicted) {
                    all.add(e.status(now));
                }
            } finally {
                e.lock.unlock();
            }
        }
        all.sort(ORDER);
        return List.copyOf(all);
    }

    @Override
    public Optional<QuotaStatus> status(QuotaKey key) {
        Entry e = entries.get(Objects.requireNonNull(key, "key"));
        if (e == null) {
            return Optional.empty();
        }
        e.lock.lock();
        try {
            return e.evicted ? Optional.empty() : Optional.of(e.status(clock.millis()));
        } finally {
            e.lock.unlock();
        }
    }

    @Override
    public void flush() {
        snapshots.flush(entries, clock.millis());
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not save the quota snapshot (will retry): " + e.getMessage());
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            ScheduledExecutorService t = timer;
            if (t != null) {
                t.shutdownNow();
            }
            flush();
        }
    }

    /** Scopes held now (for tests of eviction). */
    int size() {
        return entries.size();
    }

    private Entry entry(QuotaKey key, long now) {
        Entry e = entries.get(key);
        return e != null ? e : entries.computeIfAbsent(key, k -> new Entry(k, now));
    }

    /** The live entry of {@code key}, locked; the caller unlocks. */
    private Entry locked(QuotaKey key, long now) {
        while (true) {
            Entry e = entry(key, now);
            e.lock.lock();
            if (!e.evicted) {
                return e;
            }
            e.lock.unlock();
        }
    }
}
