package dev.tollfree.bench.quota;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The targets, judged per scenario: under 1% of upstream attempts get a 429 once limits are
 * known (every attempt when the config has them right; when they must be learned, the attempts made
 * after the response that taught the gateway), and every request some provider had room for is served.
 */
final class QuotaTargets {
    static final double MAX_429_SHARE = 0.01;

    /** One target on one scenario. */
    record Verdict(String target, String scenario, String measured, boolean met) {}

    private QuotaTargets() {}

    static List<Verdict> judge(List<ScenarioResult> results) {
        List<Verdict> out = new ArrayList<>();
        for (ScenarioResult r : results) {
            String id = r.scenario().id();
            out.add(new Verdict("under 1% of upstream attempts get a 429 once limits are known",
                    id + (r.scenario() != QuotaScenario.LEARN ? ", whole run" : ", attempts made while the limit was known"),
                    share(r.limitedKnown(), r.attemptsKnown()), r.share429Known() < MAX_429_SHARE));
            ScenarioResult.PhaseTally t = r.total();
            out.add(new Verdict("every request that some provider could have served is served", id + ", whole run",
                    t.served() + " of " + t.servable() + " (" + percent(t.successOfServable()) + ")", t.served() >= t.servable()));
        }
        return List.copyOf(out);
    }

    static String share(int part, int whole) {
        return percent(whole == 0 ? 0 : (double) part / whole) + " (" + part + " of " + whole + ")";
    }

    static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * ratio);
    }
}
