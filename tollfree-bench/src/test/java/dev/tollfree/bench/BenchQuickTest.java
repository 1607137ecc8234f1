package dev.tollfree.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollfree.core.store.Store;
import dev.tollfree.store.StoreSettings;
import dev.tollfree.store.Stores;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness still works end to end: fake upstream, a real gateway process (from this classpath),
 * every scenario on both sides, the report files. It asserts structure only, never timings: on a
 * shared machine a timing assertion fails for reasons that have nothing to do with the code.
 */
class BenchQuickTest {

    @Test
    void quickMode_runsEveryScenarioThroughARealGateway_andWritesTheReport(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        Options o = Options.parse(new String[] {"--quick", "--profile", "--reference-proxy", "--keep-gateway-data", "--out", out.toString()});

        Bench.Outcome outcome = Bench.run(o, "quick test", new PrintStream(OutputStream.nullOutputStream()));
        Results r = outcome.results();

        assertThat(r.rates()).hasSize(Scenario.values().length);
        for (Results.RatePair p : r.rates()) {
            assertThat(p.direct().latency.getTotalCount()).as(p.scenario() + " direct").isPositive();
            assertThat(p.gateway().latency.getTotalCount()).as(p.scenario() + " gateway").isPositive();
            assertThat(p.gateway().statuses).as(p.scenario() + " gateway statuses").containsKey(200);
            assertThat(p.added(99)).as(p.scenario() + " added p99").isFinite();
            assertThat(p.gateway().gatewayCpuNanos).as("gateway CPU read from /proc").isGreaterThanOrEqualTo(0);
            assertThat(p.gateway().gatewayThreadCpuNanos).as("gateway CPU by thread").containsOnlyKeys(ProcStats.THREAD_KINDS)
                    .allSatisfy((kind, nanos) -> assertThat(nanos).as(kind).isNotNegative());
        }
        Results.RatePair stream = r.rates().stream().filter(p -> p.scenario() == Scenario.STREAM).findFirst().orElseThrow();
        assertThat(stream.gateway().ttft.getTotalCount()).isPositive();
        assertThat(stream.direct().ttft.getTotalCount()).isPositive();
        assertThat(stream.gateway().incompleteStreams).as("every relayed stream ended with [DONE]").isZero();
        Results.RatePair failover = r.rates().stream().filter(p -> p.scenario() == Scenario.FAILOVER).findFirst().orElseThrow();
        assertThat(failover.gateway().fellBack).as("answers that say they failed over").isEqualTo(failover.gateway().ok);

        assertThat(r.maxima()).isNotEmpty().allSatisfy(m -> assertThat(m.ratio()).isFinite().isPositive());
        for (Results.RatePair p : r.rates()) {
            boolean relayed = p.scenario() == Scenario.PLAIN || p.scenario() == Scenario.STREAM;
            assertThat(p.proxy() != null).as(p.scenario() + " measured through the reference proxy").isEqualTo(relayed);
            if (relayed) {
                assertThat(p.proxy().statuses).as(p.scenario() + " proxy statuses").containsOnlyKeys(200);
                assertThat(p.proxy().ok).isEqualTo(p.proxy().latency.getTotalCount()).isPositive();
                assertThat(p.proxy().incompleteStreams).as("relayed streams end with [DONE]").isZero();
                assertThat(p.proxy().gatewayCpuNanos).as("the proxy's CPU read from /proc").isGreaterThanOrEqualTo(0);
                assertThat(p.proxyAdded(99)).isFinite();
            }
        }
        assertThat(stream.proxy().ttft.getTotalCount()).isPositive();
        assertThat(r.maxima()).filteredOn(m -> m.scenario() == Scenario.PLAIN).singleElement()
                .satisfies(m -> assertThat(m.proxyRatio()).isFinite().isPositive());
        assertThat(r.startup().firstStart()).isPositive();
        assertThat(r.memory().idleKb()).isPositive();
        assertThat(r.memory().underLoadKb()).isPositive();
        assertThat(Targets.judge(r)).isNotEmpty().allSatisfy(v -> assertThat(v.met()).isPresent());
        assertThat(r.profile()).isPresent();

        assertThat(outcome.files()).contains(out.resolve("summary.md"), out.resolve("results.json"), out.resolve("latency-plain.svg"));
        assertThat(Files.readString(out.resolve("summary.md"))).contains("## Targets", "| plain |", "## CPU by thread", "Maximum throughput", "## Reference proxy", "Proxy / direct");
        assertThat(Files.readString(out.resolve("results.json"))).contains("\"rates\"", "\"targets\"", "\"reference_proxy\"", "\"proxy_cpu_us_per_request\"");
        assertThat(Files.readString(out.resolve("latency-plain.svg"))).startsWith("<svg").contains("<path");
        assertThat(out.resolve("hgrm").resolve("plain-200-gateway.hgrm")).isNotEmptyFile();

        long served = r.rates().stream().mapToLong(p -> p.gateway().latency.getTotalCount()).sum();
        assertThat(out.resolve("gateway.log")).exists();
        try (Store kept = Stores.open(StoreSettings.of("jdbc:sqlite:" + out.resolve("gateway-data").resolve(Stores.SQLITE_FILE_NAME)))) {
            assertThat(kept.requestLog().count()).as("the kept request log holds every measured request and the warm-up").isGreaterThanOrEqualTo(served);
            assertThat(kept.requestLog().recent(20)).hasSize(20)
                    .allSatisfy(rec -> assertThat(rec.requestId()).matches("req_[0-9a-f]{24}"))
                    .allSatisfy(rec -> assertThat(rec.attempts()).isNotEmpty());
        }
    }

    @Test
    void options_rejectUnknownFlagsWithTheUsage() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Options.parse(new String[] {"--rate", "5"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown option '--rate'").hasMessageContaining("--rates");
    }

    @Test
    void streamFlag_isFoundWithOrWithoutSpaces() {
        byte[] compact = "{\"model\":\"m\",\"stream\":true}".getBytes();
        byte[] spaced = "{\"stream\" : true}".getBytes();
        byte[] off = "{\"stream\":false}".getBytes();
        assertThat(UpstreamProfile.wantsStream(compact, compact.length)).isTrue();
        assertThat(UpstreamProfile.wantsStream(spaced, spaced.length)).isTrue();
        assertThat(UpstreamProfile.wantsStream(off, off.length)).isFalse();
    }
}
