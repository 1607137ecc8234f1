package dev.tollfree.bench.quota;

import dev.tollfree.api.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Turns the gateway's answers, the fakes' records and the oracle's replay into a {@link ScenarioResult}. */
final class Analysis {
    private static final String RATE_LIMITED = "all_routes_rate_limited";

    private Analysis() {}

    static ScenarioResult of(QuotaScenario scenario, List<Workload.Phase> phases, List<Workload.Planned> plan, List<OpenLoad.Call> calls,
                             List<FakeProvider> fakes, long runStart, long runMillis, String quotaStatus) {
        List<FakeSpec> specs = fakes.stream().map(FakeProvider::spec).toList();
        List<OpenLoad.Call> byTime = calls.stream().sorted(Comparator.comparingLong(OpenLoad.Call::sentAt).thenComparingInt(OpenLoad.Call::seq)).toList();
        List<Oracle.Arrival> arrivals = byTime.stream().map(c -> {
            Workload.Planned p = plan.get(c.seq());
            return new Oracle.Arrival(c.sentAt(), p.requestedTokens(), p.chargedTokens());
        }).toList();
        int[] exact = Oracle.assign(arrivals, specs, Oracle.Window.EXACT);
        int[] buckets = Oracle.assign(arrivals, specs, Oracle.Window.SECOND_BUCKETS);

        long[] phaseEnd = new long[phases.size()];
        long t = runStart;
        for (int i = 0; i < phases.size(); i++) {
            t += phases.get(i).length().toMillis();
            phaseEnd[i] = i == phases.size() - 1 ? Long.MAX_VALUE : t;
        }
        List<ScenarioResult.PhaseTally> tallies = new ArrayList<>();
        for (int i = 0; i < phases.size(); i++) {
            tallies.add(tally(phases.get(i), i, byTime, exact, buckets, fakes, i == 0 ? Long.MIN_VALUE : phaseEnd[i - 1], phaseEnd[i]));
        }
        long length = phases.stream().mapToLong(p -> p.length().toMillis()).sum();
        Workload.Phase whole = new Workload.Phase("whole run", Math.max(1, plan.size()) * 60_000.0 / length, java.time.Duration.ofMillis(length));
        ScenarioResult.PhaseTally total = tally(whole, -1, byTime, exact, buckets, fakes, Long.MIN_VALUE, Long.MAX_VALUE);

        Map<String, Integer> rankOf = new HashMap<>();
        specs.forEach(s -> rankOf.put(s.route(), s.rank()));
        Map<String, Integer> servedBy = new HashMap<>();
        long rankSum = 0;
        int served = 0;
        for (OpenLoad.Call c : calls) {
            if (c.status() == 200) {
                servedBy.merge(c.routedVia(), 1, Integer::sum);
                rankSum += rankOf.getOrDefault(c.routedVia(), 0);
                served++;
            }
        }
        int[] oracleBy = new int[specs.size()];
        long oracleRankSum = 0;
        int oracleServed = 0;
        for (int a : exact) {
            if (a >= 0) {
                oracleBy[a]++;
                oracleRankSum += specs.get(a).rank();
                oracleServed++;
            }
        }
        Map<String, Long> learned = learnedRpm(quotaStatus);
        List<ScenarioResult.ProviderTally> providers = new ArrayList<>();
        for (int i = 0; i < fakes.size(); i++) {
            String route = specs.get(i).route();
            providers.add(provider(scenario, fakes.get(i), learned.getOrDefault(route, 0L), servedBy.getOrDefault(route, 0), oracleBy[i]));
        }
        providers.sort(Comparator.comparingInt(ScenarioResult.ProviderTally::rank).reversed());
        Map<String, List<FakeProvider.Seen>> seen = new java.util.LinkedHashMap<>();
        fakes.forEach(f -> seen.put(f.spec().id(), f.seen()));
        return new ScenarioResult(scenario, List.copyOf(tallies), total, List.copyOf(providers),
                served == 0 ? 0 : (double) rankSum / served, oracleServed == 0 ? 0 : (double) oracleRankSum / oracleServed, quotaStatus, runMillis,
                runStart, List.copyOf(calls), seen);
    }

    private static ScenarioResult.PhaseTally tally(Workload.Phase phase, int index, List<OpenLoad.Call> byTime, int[] exact, int[] buckets,
                                                   List<FakeProvider> fakes, long from, long to) {
        int offered = 0;
        int served = 0;
        int servable = 0;
        int servableBuckets = 0;
        int limited = 0;
        int withRetryAfter = 0;
        Map<String, Integer> other = new TreeMap<>();
        for (int i = 0; i < byTime.size(); i++) {
            OpenLoad.Call c = byTime.get(i);
            if (index >= 0 && c.phase() != index) {
                continue;
            }
            offered++;
            servable += exact[i] >= 0 ? 1 : 0;
            servableBuckets += buckets[i] >= 0 ? 1 : 0;
            if (c.status() == 200) {
                served++;
            } else if (c.status() == 429 && c.code().equals(RATE_LIMITED)) {
                limited++;
                withRetryAfter += c.retryAfter() > 0 ? 1 : 0;
            } else {
                other.merge(c.status() + " " + c.code(), 1, Integer::sum);
            }
        }
        int attempts = 0;
        int refused = 0;
        for (FakeProvider f : fakes) {
            for (FakeProvider.Seen s : f.seen()) {
                if (s.at() >= from && s.at() < to) {
                    attempts++;
                    refused += s.limited() ? 1 : 0;
                }
            }
        }
        return new ScenarioResult.PhaseTally(phase.name(), phase.perMinute(), phase.length().toMillis(), offered, served, servable,
                servableBuckets, limited, withRetryAfter, other, attempts, refused);
    }

    private static ScenarioResult.ProviderTally provider(QuotaScenario scenario, FakeProvider f, long learnedRpm, int served, int oracleServed) {
        FakeSpec p = f.spec();
        List<FakeProvider.Seen> seen = f.seen();
        int knownFrom = knownFrom(scenario.configured(p).matches(p), learnedRpm > 0 && learnedRpm <= p.rpm(), p.dialect(), seen);
        int attempts = 0;
        int limited = 0;
        int limitedTokens = 0;
        int unknownLimited = 0;
        for (int i = 0; i < seen.size(); i++) {
            FakeProvider.Seen s = seen.get(i);
            attempts++;
            if (s.limited()) {
                limited++;
                limitedTokens += s.hit() == RollingWindow.Hit.TOKENS ? 1 : 0;
                unknownLimited += i < knownFrom ? 1 : 0;
            }
        }
        return new ScenarioResult.ProviderTally(p.id(), p.model(), p.rank(), p.rpm(), p.tpm(), scenario.configured(p), p.dialect(), learnedRpm,
                attempts, limited, limitedTokens, Math.min(knownFrom, seen.size()), unknownLimited, served, oracleServed);
    }

    /** The index of the first attempt made while the gateway knew the limit: right in the config, or after the response that taught it. */
    static int knownFrom(boolean configuredRight, boolean learned, Dialect dialect, List<FakeProvider.Seen> seen) {
        if (configuredRight) {
            return 0;
        }
        if (!learned) {
            return Integer.MAX_VALUE;
        }
        return switch (dialect.revealsRpm()) {
            case EVERY_RESPONSE -> 1;
            case ON_429 -> {
                for (int i = 0; i < seen.size(); i++) {
                    if (seen.get(i).limited()) {
                        yield i + 1;
                    }
                }
                yield Integer.MAX_VALUE;
            }
            case NEVER -> Integer.MAX_VALUE;
        };
    }

    /** The request limits the gateway learned, by {@code provider/model}, from its {@code GET /api/quota}. */
    static Map<String, Long> learnedRpm(String quotaStatus) {
        Map<String, Long> out = new HashMap<>();
        Json.tryParse(quotaStatus.getBytes(java.nio.charset.StandardCharsets.UTF_8)).ifPresent(root -> {
            for (tools.jackson.databind.JsonNode row : root.path("data")) {
                long learned = row.path("rpm").path("learned").asLong(0);
                if (learned > 0 && !row.path("model").asString("").isEmpty()) {
                    out.put(row.path("provider").asString("") + "/" + row.path("model").asString(""), learned);
                }
            }
        });
        return out;
    }
}
