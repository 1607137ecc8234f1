package dev.tollfree.core.routing;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Benches keys, (key, model) pairs and models until a moment. In memory, on the injected clock;
 * a bench never shortens an existing longer one. Several gateways share benches through a
 * {@link Replica}: each new bench and each cleared key is handed to it, and what other gateways
 * benched arrives through {@link #mergeShared} and {@link #clearShared}. Reads stay in memory.
 * Escalation counters ({@link #strike}) stay per process.
 */
public final class Cooldowns {
    private final InstantSource clock;
    private final Map<String, Bench> benches = new ConcurrentHashMap<>();
    private final Map<String, Integer> strikes = new ConcurrentHashMap<>();

    /** A bench and the failure that caused it. */
    public record Bench(Instant until, FailureClass cause, String reason) {
        /** True when the bench is a quota/rate limit that resets by itself. */
        public boolean isLimit() {
            return cause == FailureClass.RATE_LIMIT || cause == FailureClass.DAILY_CAP;
        }
    }

    private final java.util.function.Consumer<KeyRef> onCredentialBench;
    private volatile Replica replica = Replica.NONE;

    /** Where benches go so that other gateways see them. */
    public interface Replica {
        Replica NONE = new Replica() {
            @Override
            public void benched(String slot, Bench bench) {
                // this process only
            }

            @Override
            public void cleared(String keySlot) {
                // this process only
            }
        };

        /** A bench was set or lengthened on {@code slot}. */
        void benched(String slot, Bench bench);

        /** Every bench of the key with slot {@code keySlot} was lifted. */
        void cleared(String keySlot);
    }

    public Cooldowns(InstantSource clock) {
        this(clock, key -> { });
    }

    /** {@code onCredentialBench} runs when a key is newly benched as a bad credential (to re-check it in the background). */
    public Cooldowns(InstantSource clock, java.util.function.Consumer<KeyRef> onCredentialBench) {
        this.clock = clock;
        this.onCredentialBench = onCredentialBench;
    }

    public void benchKey(KeyRef key, Duration d, FailureClass cause, String reason) {
        Bench before = benches.get("k:" + key.slot());
        put("k:" + key.slot(), d, cause, reason);
        boolean fresh = before == null || !before.until().isAfter(clock.instant());
        if (cause == FailureClass.CREDENTIAL && fresh && !key.anonymous()) {
            onCredentialBench.accept(key);
        }
    }

    public void benchKeyModel(KeyRef key, Route route, Duration d, FailureClass cause, String reason) {
        put("km:" + key.slot() + ":" + route.name(), d, cause, reason);
    }

    public void benchModel(Route route, Duration d, FailureClass cause, String reason) {
        put("m:" + route.name(), d, cause, reason);
    }

    /** The bench that stops {@code key} from serving {@code route} now, if any. */
    public Optional<Bench> benched(KeyRef key, Route route) {
        if (benches.isEmpty()) {
            return Optional.empty(); // the usual case: no slot names built, no lookups
        }
        Instant now = clock.instant();
        Bench longest = null;
        for (String slot : new String[] {"k:" + key.slot(), "km:" + key.slot() + ":" + route.name(), "m:" + route.name()}) {
            Bench b = benches.get(slot);
            if (b != null) {
                if (!b.until().isAfter(now)) {
                    benches.remove(slot, b);
                } else if (longest == null || b.until().isAfter(longest.until())) {
                    longest = b;
                }
            }
        }
        return Optional.ofNullable(longest);
    }

    /**
     * Counts one more consecutive failure of this kind for a slot ({@code key+model} for quota hits,
     * {@code model} for repeated bad answers) and returns the new count; {@link #succeeded} resets it.
     */
    public int strike(String kind, KeyRef key, Route route) {
        return strikes.merge(kind + ":" + (key == null ? "" : key.slot()) + ":" + route.name(), 1, Integer::sum);
    }

    /** A served attempt: the escalation counters of this key and model start over. */
    public void succeeded(KeyRef key, Route route) {
        if (!strikes.isEmpty()) {
            strikes.keySet().removeIf(k -> k.endsWith(":" + route.name()) && (k.contains(":" + key.slot() + ":") || k.contains("::")));
        }
    }

    /** Clears every bench of a key (after it was re-enabled or re-validated). */
    public void clearKey(KeyRef key) {
        clearShared(key.slot());
        replica.cleared(key.slot());
    }

    /** Sends every bench from now on to {@code r} as well. */
    public void replicateTo(Replica r) {
        this.replica = java.util.Objects.requireNonNull(r, "replica");
    }

    /** A bench another gateway set; kept unless a longer one is in force. Not handed to the replica. */
    public void mergeShared(String slot, Bench bench) {
        if (bench.until().isAfter(clock.instant())) {
            benches.merge(slot, bench, (old, neu) -> old.until().isAfter(neu.until()) ? old : neu);
        }
    }

    /** Another gateway lifted every bench of the key with {@code keySlot}. Not handed to the replica. */
    public void clearShared(String keySlot) {
        benches.keySet().removeIf(s -> s.equals("k:" + keySlot) || s.startsWith("km:" + keySlot + ":"));
    }

    private void put(String slot, Duration d, FailureClass cause, String reason) {
        Instant until = clock.instant().plus(d);
        Bench fresh = new Bench(until, cause, reason);
        if (benches.merge(slot, fresh, (old, neu) -> old.until().isAfter(neu.until()) ? old : neu) == fresh) {
            replica.benched(slot, fresh);
        }
    }

    /** A bench in force, with the slot it holds: {@code k:<key>}, {@code km:<key>:<route>} or {@code m:<route>}. */
    public record Held(String slot, Bench bench) {}

    /** Every bench in force now, soonest to lift first. */
    public java.util.List<Held> inForce() {
        Instant now = clock.instant();
        java.util.List<Held> out = new java.util.ArrayList<>();
        benches.forEach((slot, b) -> {
            if (b.until().isAfter(now)) {
                out.add(new Held(slot, b));
            }
        });
        out.sort(java.util.Comparator.comparing((Held h) -> h.bench().until()).thenComparing(Held::slot));
        return out;
    }

    /** Benches still in force, as one JSON document (kept across restarts by the composition root). */
    public String export() {
        Instant now = clock.instant();
        tools.jackson.databind.node.ArrayNode out = dev.tollfree.api.Json.array();
        benches.forEach((slot, b) -> {
            if (b.until().isAfter(now)) {
                tools.jackson.databind.node.ObjectNode o = out.addObject();
                o.put("slot", slot);
                o.put("until", b.until().toEpochMilli());
                o.put("cause", b.cause().name());
                o.put("reason", b.reason());
            }
        });
        return dev.tollfree.api.Json.text(out);
    }

    /** Restores benches from {@link #export()}; expired and unreadable entries are skipped. Returns how many. */
    public int restore(String json) {
        Instant now = clock.instant();
        int n = 0;
        for (tools.jackson.databind.JsonNode o : dev.tollfree.api.Json.tryParse(json).orElse(dev.tollfree.api.Json.array())) {
            try {
                Instant until = Instant.ofEpochMilli(o.path("until").asLong(0));
                if (until.isAfter(now) && o.path("slot").isString()) {
                    benches.merge(o.path("slot").stringValue(),
                            new Bench(until, FailureClass.valueOf(o.path("cause").asString("")), o.path("reason").asString("")),
                            (old, neu) -> old.until().isAfter(neu.until()) ? old : neu);
                    n++;
                }
            } catch (IllegalArgumentException e) {
                // a cause this version does not know: skip the entry
            }
        }
        return n;
    }
}
