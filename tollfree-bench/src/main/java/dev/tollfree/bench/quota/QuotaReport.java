package dev.tollfree.bench.quota;

import dev.tollfree.api.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes {@code summary.md}, {@code results.json} and the gateway's {@code quota-<scenario>.json} to the output directory. */
final class QuotaReport {
    private QuotaReport() {}

    static List<Path> write(List<ScenarioResult> results, QuotaOptions o, String commandLine) {
        List<Path> files = new ArrayList<>();
        try {
            Files.createDirectories(o.out());
            files.add(Files.writeString(o.out().resolve("summary.md"), markdown(results, o, commandLine)));
            files.add(Files.writeString(o.out().resolve("results.json"),
                    Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json(results, o, commandLine))));
            for (ScenarioResult r : results) {
                files.add(Files.writeString(o.out().resolve("quota-" + r.scenario().id() + ".json"), r.quotaStatus()));
                files.add(Files.writeString(o.out().resolve("calls-" + r.scenario().id() + ".csv"), callsCsv(r)));
                files.add(Files.writeString(o.out().resolve("upstream-" + r.scenario().id() + ".csv"), upstreamCsv(r)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(files);
    }

    static String markdown(List<ScenarioResult> results, QuotaOptions o, String commandLine) {
        StringBuilder b = new StringBuilder("# Quota benchmark\n\n");
        b.append("Run ").append(Instant.now()).append(" with `").append(commandLine.strip()).append("`.\n\n");
        b.append("Machine: ").append(String.join(", ", machine().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList())).append(".\n");
        b.append("Gateway: ").append(GatewayLauncher.describe(o.gatewayJar())).append(". Fakes answer admitted requests after ")
                .append(o.latency().toMillis()).append(" ms.\n\n");
        b.append("## Targets\n\n| Target | Scenario | Measured | Met |\n|---|---|---|---|\n");
        for (QuotaTargets.Verdict v : QuotaTargets.judge(results)) {
            b.append("| ").append(v.target()).append(" | ").append(v.scenario()).append(" | ").append(v.measured()).append(" | ")
                    .append(v.met() ? "met" : "**missed**").append(" |\n");
        }
        b.append("\n## Fake providers\n\n| Provider | Limits enforced | Rank | Dialect |\n|---|---|---:|---|\n");
        for (FakeSpec p : FakeSpec.lineup()) {
            b.append("| ").append(p.id()).append(" (").append(p.model()).append(") | ").append(limits(p.rpm(), p.tpm())).append(" (catalog: ")
                    .append(p.source()).append(") | ").append(p.rank()).append(" | ").append(p.dialect().summary()).append(" |\n");
        }
        for (ScenarioResult r : results) {
            scenario(b, r);
        }
        return b.toString();
    }

    private static void scenario(StringBuilder b, ScenarioResult r) {
        b.append("\n## Scenario `").append(r.scenario().id()).append("`: ").append(r.scenario().description()).append("\n\n");
        b.append("| Phase | Offered/min | Requests | Served | Servable | Servable, 1-s buckets | Served of servable | Gateway 429 (with Retry-After) | Other answers | Upstream attempts | Upstream 429 | 429 share |\n");
        b.append("|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|\n");
        List<ScenarioResult.PhaseTally> rows = new ArrayList<>(r.phases());
        rows.add(r.total());
        for (ScenarioResult.PhaseTally t : rows) {
            b.append("| ").append(t.name()).append(" (").append(t.lengthMillis() / 1000).append(" s) | ").append(Math.round(t.perMinute()))
                    .append(" | ").append(t.offered()).append(" | ").append(t.served()).append(" | ").append(t.servable()).append(" | ")
                    .append(t.servableBuckets()).append(" | ").append(QuotaTargets.percent(t.successOfServable())).append(" | ")
                    .append(t.gateway429()).append(" (").append(t.withRetryAfter()).append(") | ")
                    .append(t.otherErrors().isEmpty() ? "none" : t.otherErrors().toString()).append(" | ").append(t.upstreamAttempts())
                    .append(" | ").append(t.upstream429()).append(" | ").append(QuotaTargets.percent(t.upstream429Share())).append(" |\n");
        }
        b.append(String.format(Locale.ROOT, "%nMean intelligence rank of the serving model: **%.1f** (the oracle's assignment: %.1f).%n", r.meanRank(), r.oracleMeanRank()));
        b.append("Upstream 429 share while the gateway knew the limit: ").append(QuotaTargets.share(r.limitedKnown(), r.attemptsKnown()))
                .append("; while it did not (configured wrong, not yet or never learned): ")
                .append(QuotaTargets.share(r.limitedUnknown(), r.attemptsUnknown())).append(".\n\n");
        b.append("| Provider | Enforces | Configured | Learned RPM | Attempts | 429 (of them TPM) | 429 while unknown / known | Served | Oracle gives it |\n");
        b.append("|---|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (ScenarioResult.ProviderTally p : r.providers()) {
            b.append("| ").append(p.id()).append(" | ").append(limits(p.rpm(), p.tpm())).append(" | ")
                    .append(p.configuredRight() ? "same" : limits(p.configured().rpm(), p.configured().tpm())).append(" | ")
                    .append(p.learnedRpm() == 0 ? "—" : Long.toString(p.learnedRpm())).append(" | ").append(p.attempts())
                    .append(" | ").append(p.limited()).append(" (").append(p.limitedTokens()).append(") | ")
                    .append(p.limitedUnknown()).append(" of ").append(p.attemptsUnknown()).append(" / ")
                    .append(p.limited() - p.limitedUnknown()).append(" of ").append(p.attempts() - p.attemptsUnknown())
                    .append(" | ").append(p.served()).append(" | ").append(p.oracleServed()).append(" |\n");
        }
    }

    /** Every gateway answer: when it was sent (ms from the start), what came back. */
    static String callsCsv(ScenarioResult r) {
        StringBuilder b = new StringBuilder("seq,phase,sent_ms,status,routed_via,code,retry_after,failed_attempts\n");
        for (OpenLoad.Call c : r.calls()) {
            b.append(c.seq()).append(',').append(c.phase()).append(',').append(c.sentAt() - r.runStart()).append(',').append(c.status())
                    .append(',').append(c.routedVia()).append(',').append(c.code().replace(',', ' ')).append(',').append(c.retryAfter())
                    .append(',').append(c.failedAttempts()).append('\n');
        }
        return b.toString();
    }

    /** Every request a fake received: which fake, when (ms from the start), and what refused it (none, requests, tokens). */
    static String upstreamCsv(ScenarioResult r) {
        StringBuilder b = new StringBuilder("provider,at_ms,refused_by\n");
        r.seen().forEach((id, list) -> list.forEach(s -> b.append(id).append(',').append(s.at() - r.runStart()).append(',')
                .append(s.hit().name().toLowerCase(Locale.ROOT)).append('\n')));
        return b.toString();
    }

    private static String limits(int rpm, long tpm) {
        if (rpm == 0 && tpm == 0) {
            return "unknown";
        }
        return (rpm == 0 ? "? RPM" : rpm + " RPM") + (tpm > 0 ? ", " + tpm + " TPM" : "");
    }

    private static Map<String, Object> json(List<ScenarioResult> results, QuotaOptions o, String commandLine) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", commandLine.strip());
        m.put("at", Instant.now().toString());
        m.put("machine", machine());
        m.put("gateway", GatewayLauncher.describe(o.gatewayJar()));
        m.put("fake_latency_ms", o.latency().toMillis());
        m.put("targets", QuotaTargets.judge(results));
        List<Map<String, Object>> scenarios = new ArrayList<>();
        for (ScenarioResult r : results) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("scenario", r.scenario().id());
            s.put("description", r.scenario().description());
            s.put("phases", r.phases());
            s.put("total", r.total());
            s.put("mean_rank", r.meanRank());
            s.put("oracle_mean_rank", r.oracleMeanRank());
            s.put("upstream_while_limit_known", Map.of("attempts", r.attemptsKnown(), "limited", r.limitedKnown()));
            s.put("upstream_while_limit_unknown", Map.of("attempts", r.attemptsUnknown(), "limited", r.limitedUnknown()));
            s.put("providers", r.providers());
            s.put("run_ms", r.runMillis());
            scenarios.add(s);
        }
        m.put("scenarios", scenarios);
        return m;
    }

    static Map<String, String> machine() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
        m.put("cpu", firstMatching(Path.of("/proc/cpuinfo"), "model name"));
        m.put("memory", firstMatching(Path.of("/proc/meminfo"), "MemTotal"));
        m.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
        return m;
    }

    private static String firstMatching(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(key)) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException e) {
            return "unknown";
        }
        return "unknown";
    }
}
