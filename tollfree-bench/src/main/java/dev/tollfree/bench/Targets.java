package dev.tollfree.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The project's performance targets, each judged met or missed against one invocation's results. */
final class Targets {
    /**
     * One judged target.
     *
     * @param name     what is measured
     * @param target   the threshold, as written in the goal
     * @param measured the value, with its unit
     * @param met      empty when the run did not measure it
     * @param margin   how far from the threshold, with its unit
     */
    record Verdict(String name, String target, String measured, Optional<Boolean> met, String margin) {}

    private Targets() {}

    static List<Verdict> judge(Results r) {
        List<Verdict> out = new ArrayList<>();
        Optional<Results.RatePair> plain = nearest(r, Scenario.PLAIN, 1000);
        String at = plain.map(p -> String.format(", %,d req/s", p.rate())).orElse("");
        out.add(upper("added latency p99, non-streaming" + at, 1.0, "ms", plain.map(p -> p.added(99))));
        out.add(upper("added latency p99.9, non-streaming" + at, 5.0, "ms", plain.map(p -> p.added(99.9))));
        Optional<Results.MaxPair> max = r.maxima().stream().filter(m -> m.scenario() == Scenario.PLAIN).findFirst();
        out.add(lower("max throughput through Tollfree / direct, non-streaming", 50, "%", max.map(m -> m.ratio() * 100)));
        Optional<Results.RatePair> stream = nearest(r, Scenario.STREAM, 1000);
        out.add(upper("added time to first token p50, streaming" + stream.map(p -> String.format(", %,d req/s", p.rate())).orElse(""),
                0.5, "ms", stream.map(p -> p.addedTtft(50))));
        out.add(upper("resident memory idle (after start-up)", 128, "MB", mb(r.memory().idleKb())));
        out.add(upper("resident memory under load (peak, non-streaming" + (r.memory().underLoadRate() > 0
                        ? String.format(", %,d req/s)", r.memory().underLoadRate()) : ")"),
                256, "MB", mb(r.memory().underLoadKb())));
        out.add(upper("start-up to first served request (median restart)", 1000, "ms",
                Optional.ofNullable(r.startup().firstStart()).map(f -> (double) r.startup().medianRestart().toMillis())));
        return out;
    }

    /** The scenario's measurement at the rate closest to {@code rate}. */
    private static Optional<Results.RatePair> nearest(Results r, Scenario s, int rate) {
        return r.rates().stream().filter(p -> p.scenario() == s).min(java.util.Comparator.comparingInt(p -> Math.abs(p.rate() - rate)));
    }

    private static Optional<Double> mb(long kb) {
        return kb < 0 ? Optional.empty() : Optional.of(kb / 1024.0);
    }

    private static Verdict upper(String name, double limit, String unit, Optional<Double> value) {
        return verdict(name, "< " + fmt(limit) + " " + unit, limit, unit, value, true);
    }

    private static Verdict lower(String name, double limit, String unit, Optional<Double> value) {
        return verdict(name, "≥ " + fmt(limit) + " " + unit, limit, unit, value, false);
    }

    private static Verdict verdict(String name, String target, double limit, String unit, Optional<Double> value, boolean upper) {
        if (value.isEmpty() || value.get().isNaN()) {
            return new Verdict(name, target, "not measured", Optional.empty(), "");
        }
        double v = value.get();
        boolean met = upper ? v < limit : v >= limit;
        double over = upper ? v - limit : limit - v;
        String margin = met ? fmt(Math.abs(over)) + " " + unit + " to spare" : "missed by " + fmt(over) + " " + unit
                + (limit != 0 ? String.format(" (%.1f×)", upper ? v / limit : limit / Math.max(v, 1e-9)) : "");
        return new Verdict(name, target, fmt(v) + " " + unit, Optional.of(met), margin);
    }

    static String fmt(double v) {
        if (Math.abs(v) >= 100) {
            return String.format("%,.0f", v);
        }
        if (Math.abs(v) >= 10) {
            return String.format("%.1f", v);
        }
        return String.format("%.3f", v);
    }
}
