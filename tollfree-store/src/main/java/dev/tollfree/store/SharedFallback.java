package dev.tollfree.store;

import dev.tollfree.core.catalog.Limits;
import dev.tollfree.core.quota.QuotaLedger;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What a gateway does while the shared Redis does not answer: it counts quota in a ledger of this
 * process alone, with each configured limit divided by the number of gateways last seen (rounded
 * down, at least 1), so that the gateways together still stay near the limit, and keeps benches
 * and sticky sessions in memory. Redis is tried again {@code retryAfterMs} after a failure; the
 * first success ends the fallback. Says so in the log once per outage, not once per request.
 */
public final class SharedFallback {
    private static final System.Logger LOG = System.getLogger(SharedFallback.class.getName());

    private final QuotaLedger local;
    private final long retryAfterMs;
    private final AtomicBoolean down = new AtomicBoolean();
    private volatile long retryAt = Long.MIN_VALUE;
    private volatile int peers = 1;

    public SharedFallback(QuotaLedger local, long retryAfterMs) {
        this.local = Objects.requireNonNull(local, "local");
        this.retryAfterMs = retryAfterMs;
    }

    QuotaLedger ledger() {
        return local;
    }

    /** True when the shared ledger should be asked at {@code now}. */
    boolean useShared(long now) {
        return now >= retryAt;
    }

    void failed(long now, RuntimeException cause) {
        retryAt = now + retryAfterMs;
        if (down.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, "Redis does not answer (" + cause.getMessage() + "); until it does, this gateway counts "
                    + "quota on its own with limits divided by " + peers + " gateway(s), and keeps benches and sessions to itself");
        }
    }

    void succeeded() {
        if (down.get() && down.compareAndSet(true, false)) {
            retryAt = Long.MIN_VALUE;
            LOG.log(System.Logger.Level.WARNING, "Redis answers again; quota, benches and sessions are shared between the gateways again");
        }
    }

    /** True while the fallback is in use. */
    public boolean active() {
        return down.get();
    }

    /** How many gateways share the limits, as last counted (at least 1). */
    public int peers() {
        return peers;
    }

    void peers(int n) {
        peers = Math.max(1, n);
    }

    /** This gateway's share of {@code limits} while it counts alone. */
    Limits share(Limits limits) {
        int n = peers;
        if (n <= 1) {
            return limits;
        }
        return new Limits(part(limits.rpm(), n), part(limits.rpd(), n), part(limits.tpm(), n), part(limits.tpd(), n), limits.uncertain());
    }

    private static long part(long limit, int n) {
        return limit == 0 ? 0 : Math.max(1, limit / n);
    }
}
