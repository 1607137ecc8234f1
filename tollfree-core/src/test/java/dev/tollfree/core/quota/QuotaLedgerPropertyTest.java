package dev.tollfree.core.quota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollfree.core.catalog.Limits;
import dev.tollfree.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random operation sequences (seeded, so a failure names its seed) against a plain reference model
 * that keeps every count as a list item (a committed request moves to the second it was committed
 * in while it is still counted). Each reservation's outcome must match the model's, every
 * counter must match after every step, and the requests actually kept never pass a limit in any
 * 60-second interval or UTC day.
 */
class QuotaLedgerPropertyTest {
    private static final String[] MODELS = {"a", "b"};
    private static final Map<String, Limits> MODEL_LIMITS = Map.of(
            "a", new Limits(6, 60, 1_500, 12_000, false),
            "b", new Limits(4, 0, 0, 0, false));
    private static final Limits ACCOUNT_LIMITS = new Limits(8, 80, 2_500, 0, false);
    private static final long DAY_MS = 86_400_000;

    /** One count: in the minute when {@code minute}, else in a UTC day. */
    private static final class Item {
        final String model;
        final boolean minute;
        long at; // epoch second, or epoch day
        long requests;
        long tokens;

        Item(String model, boolean minute, long at, long requests, long tokens) {
            this.model = model;
            this.minute = minute;
            this.at = at;
            this.requests = requests;
            this.tokens = tokens;
        }
    }

    private record Open(Reservation reservation, String model, Item minute, Item day, long cost, long grantedAt) {}

    /** The reference: every count as an item, live by the documented rules. */
    private static final class Reference {
        final List<Item> items = new ArrayList<>();

        boolean live(Item i, long nowMs) {
            return i.minute ? i.at > Math.floorDiv(nowMs, 1000) - 61 : i.at == Math.floorDiv(nowMs, DAY_MS);
        }

        long used(String model, QuotaMetric m, long nowMs) {
            long sum = 0;
            for (Item i : items) {
                if ((model == null || i.model.equals(model)) && i.minute == (m.window() == QuotaWindow.MINUTE) && live(i, nowMs)) {
                    sum += m.tokens() ? i.tokens : i.requests;
                }
            }
            return sum;
        }

        boolean fits(String model, Limits limits, long cost, long nowMs) {
            for (QuotaMetric m : QuotaMetric.values()) {
                long limit = m.of(limits);
                long amount = m.tokens() ? cost : 1;
                if (limit > 0 && (amount > limit || used(model, m, nowMs) + amount > limit)) {
                    return false;
                }
            }
            return true;
        }

        /** Applies a settlement delta where it was counted if that is live, else an increase now. */
        void settle(Open o, long requestDelta, long tokenDelta, long nowMs) {
            for (Item counted : new Item[] {o.minute(), o.day()}) {
                if (live(counted, nowMs)) {
                    counted.requests += requestDelta;
                    counted.tokens += tokenDelta;
                } else if (tokenDelta > 0) {
                    long at = counted.minute ? Math.floorDiv(nowMs, 1000) : Math.floorDiv(nowMs, DAY_MS);
                    items.add(new Item(o.model(), counted.minute, at, 0, tokenDelta));
                }
            }
        }
    }

    @Test
    void randomSequences_matchTheReference_andNeverPassALimit() {
        for (long seed = 1; seed <= 24; seed++) {
            int[] outcomes = run(seed, 2_500);
            assertThat(outcomes[0]).as("seed " + seed + " granted some").isGreaterThan(100);
            assertThat(outcomes[1]).as("seed " + seed + " denied some").isGreaterThan(100);
            assertThat(outcomes[2]).as("seed " + seed + " crossed a UTC midnight").isPositive();
        }
    }

    /** Returns {grants, denials, days crossed}. */
    private static int[] run(long seed, int steps) {
        Random random = new Random(seed);
        ManualClock clock = ManualClock.at("2026-03-04T22:30:00Z");
        QuotaLedger ledger = Ledgers.ledger(clock);
        Reference ref = new Reference();
        List<Open> open = new ArrayList<>();
        Map<String, List<Long>> kept = new HashMap<>(); // grant instants of requests not released, per model and "*"
        int[] outcomes = new int[3];
        long firstDay = Math.floorDiv(clock.millis(), DAY_MS);
        for (int step = 0; step < steps; step++) {
            String at = "seed " + seed + ", step " + step + ", " + clock.instant();
            long now = clock.millis();
            int op = random.nextInt(100);
            if (op < 50) {
                String model = MODELS[random.nextInt(MODELS.length)];
                long prompt = random.nextInt(300);
                long output = random.nextInt(200);
                long cost = prompt + output;
                boolean expected = ref.fits(model, MODEL_LIMITS.get(model), cost, now) && ref.fits(null, ACCOUNT_LIMITS, cost, now);
                Admission a = ledger.tryReserve(key(model), MODEL_LIMITS.get(model), ACCOUNT_LIMITS, prompt, output);
                assertThat(a instanceof Reservation).as(at + ": granted").isEqualTo(expected);
                outcomes[expected ? 0 : 1]++;
                if (a instanceof Reservation r) {
                    Item minute = new Item(model, true, Math.floorDiv(now, 1000), 1, cost);
                    Item day = new Item(model, false, Math.floorDiv(now, DAY_MS), 1, cost);
                    ref.items.add(minute);
                    ref.items.add(day);
                    open.add(new Open(r, model, minute, day, cost, now));
                    kept.computeIfAbsent(model, m -> new ArrayList<>()).add(now);
                    kept.computeIfAbsent("*", m -> new ArrayList<>()).add(now);
                }
            } else if (op < 70 && !open.isEmpty()) {
                Open o = open.remove(random.nextInt(open.size()));
                long actual = random.nextInt(400) + random.nextInt(200);
                assertThat(o.reservation().commit(actual - actual / 3, actual / 3)).isTrue();
                if (ref.live(o.minute(), now)) {
                    o.minute().at = Math.max(o.minute().at, Math.floorDiv(now, 1000)); // counted from the answer's second
                }
                ref.settle(o, 0, actual - o.cost(), now);
            } else if (op < 85 && !open.isEmpty()) {
                Open o = open.remove(random.nextInt(open.size()));
                assertThat(o.reservation().release()).isTrue();
                ref.settle(o, -1, -o.cost(), now);
                kept.get(o.model()).remove(Long.valueOf(o.grantedAt()));
                kept.get("*").remove(Long.valueOf(o.grantedAt()));
            } else {
                long ms = random.nextInt(20) == 0 ? random.nextLong(3 * 3_600_000L) : random.nextInt(5_000);
                clock.advance(Duration.ofMillis(ms));
            }
            if (step % 10 == 0) {
                assertCounters(ledger, ref, clock.millis(), at);
            }
        }
        assertNeverOver(kept, seed);
        outcomes[2] = (int) (Math.floorDiv(clock.millis(), DAY_MS) - firstDay);
        return outcomes;
    }

    private static QuotaKey key(String model) {
        return new QuotaKey("p", "key1", model);
    }

    private static void assertCounters(QuotaLedger ledger, Reference ref, long now, String at) {
        for (String model : MODELS) {
            ledger.status(key(model)).ifPresent(s -> {
                for (QuotaMetric m : QuotaMetric.values()) {
                    assertThat(s.meter(m).used()).as(at + ": " + model + " " + m).isEqualTo(ref.used(model, m, now));
                }
            });
        }
        ledger.status(QuotaKey.account("p", "key1")).ifPresent(s -> {
            for (QuotaMetric m : QuotaMetric.values()) {
                assertThat(s.meter(m).used()).as(at + ": account " + m).isEqualTo(ref.used(null, m, now));
            }
        });
    }

    /** Kept requests in every 60-second interval and every UTC day stay within the request limits. */
    private static void assertNeverOver(Map<String, List<Long>> kept, long seed) {
        kept.forEach((scope, grants) -> {
            Limits limits = scope.equals("*") ? ACCOUNT_LIMITS : MODEL_LIMITS.get(scope);
            List<Long> sorted = grants.stream().sorted().toList();
            for (int i = 0, j = 0; i < sorted.size(); i++) {
                while (sorted.get(i) - sorted.get(j) >= 60_000) {
                    j++;
                }
                assertThat((long) (i - j + 1)).as("seed " + seed + ": " + scope + " requests in 60 s before "
                        + Instant.ofEpochMilli(sorted.get(i))).isLessThanOrEqualTo(limits.rpm());
            }
            if (limits.rpd() > 0) {
                Map<Long, Long> perDay = new HashMap<>();
                sorted.forEach(t -> perDay.merge(Math.floorDiv(t, DAY_MS), 1L, Long::sum));
                perDay.values().forEach(n -> assertThat(n).as("seed " + seed + ": " + scope + " per day").isLessThanOrEqualTo(limits.rpd()));
            }
        });
    }
}
