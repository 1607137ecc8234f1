package dev.tollfree.bench.quota;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;

/**
 * Which requests could have been served at all: replays the arrivals against the fakes' real
 * limits and gives each request to the best-ranked provider that has room at that instant, as a
 * gateway that knew every limit exactly and lost no time would. A request no provider has room for
 * is not servable. With request limits alone and one window length for all, taking every request
 * that fits is the most any scheduler can serve; with a token limit in play it is a close reference,
 * not a strict bound (refusing a large prompt can leave room for two small ones).
 */
final class Oracle {
    /** How a count ages out of a provider's minute. */
    enum Window {
        /** The providers' own: live while {@code now - at < 60 s}. */
        EXACT,
        /** Tollfree's documented one-second buckets: live while the current second is at most {@code second(at) + 60}. */
        SECOND_BUCKETS;

        boolean live(long at, long now) {
            return switch (this) {
                case EXACT -> now - at < RollingWindow.MINUTE_MS;
                case SECOND_BUCKETS -> Math.floorDiv(now, 1000) - Math.floorDiv(at, 1000) <= 60;
            };
        }
    }

    /** One arrival: epoch ms, tokens a provider reserves to decide, tokens it keeps counted. */
    record Arrival(long at, long requested, long charged) {}

    private record Count(long at, long tokens) {}

    private Oracle() {}

    /**
     * The provider index (into {@code providers}, best rank first) each arrival would go to, or -1.
     * Arrivals must be in time order.
     */
    static int[] assign(List<Arrival> arrivals, List<FakeSpec> providers, Window window) {
        List<FakeSpec> byRank = providers.stream().sorted((a, b) -> Integer.compare(b.rank(), a.rank())).toList();
        int[] index = new int[byRank.size()];
        for (int i = 0; i < byRank.size(); i++) {
            index[i] = providers.indexOf(byRank.get(i));
        }
        @SuppressWarnings("unchecked")
        ArrayDeque<Count>[] counts = new ArrayDeque[providers.size()];
        long[] tokens = new long[providers.size()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new ArrayDeque<>();
        }
        int[] out = new int[arrivals.size()];
        Arrays.fill(out, -1);
        long last = Long.MIN_VALUE;
        for (int a = 0; a < arrivals.size(); a++) {
            Arrival r = arrivals.get(a);
            if (r.at() < last) {
                throw new IllegalArgumentException("arrivals must be in time order; " + r.at() + " came after " + last);
            }
            last = r.at();
            for (int i : index) {
                FakeSpec p = providers.get(i);
                ArrayDeque<Count> c = counts[i];
                while (!c.isEmpty() && !window.live(c.peekFirst().at(), r.at())) {
                    tokens[i] -= c.pollFirst().tokens();
                }
                boolean room = c.size() < p.rpm() && (p.tpm() == 0 || tokens[i] + r.requested() <= p.tpm());
                if (room) {
                    c.addLast(new Count(r.at(), r.charged()));
                    tokens[i] += r.charged();
                    out[a] = i;
                    break;
                }
            }
        }
        return out;
    }
}
