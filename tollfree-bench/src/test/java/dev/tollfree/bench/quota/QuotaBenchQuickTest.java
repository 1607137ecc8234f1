package dev.tollfree.bench.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quota benchmark end to end in quick mode: five fakes enforcing catalog limits, a real gateway
 * process (from this class path) told those limits, 20 s of load above their joint capacity. It
 * pins the property that matters — with known limits the gateway sends (almost) nothing a
 * provider refuses — and the harness's structure, never timings.
 */
class QuotaBenchQuickTest {

    @Test
    void quickMode_withKnownLimits_providersSeeAtMostOneOverLimitRequestEach(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        QuotaOptions o = QuotaOptions.parse(new String[] {"--quick", "--out", out.toString()});

        QuotaBench.Outcome outcome = QuotaBench.run(o, "quick test", new PrintStream(OutputStream.nullOutputStream()));

        assertThat(outcome.results()).hasSize(1);
        ScenarioResult r = outcome.results().getFirst();
        assertThat(r.scenario()).isEqualTo(QuotaScenario.KNOWN);
        for (ScenarioResult.ProviderTally p : r.providers()) {
            assertThat(p.limited()).as(p.id() + ": requests over its limit (429s it sent)").isLessThanOrEqualTo(1);
            assertThat(p.attempts() - p.limited()).as(p.id() + ": requests it admitted").isLessThanOrEqualTo(p.rpm());
        }
        ScenarioResult.PhaseTally total = r.total();
        assertThat(total.offered()).isEqualTo(100);
        assertThat(total.servable()).as("at most the fakes' joint minute of 80 requests").isBetween(60, 80);
        assertThat(total.served()).as("served").isPositive().isLessThanOrEqualTo(total.offered());
        assertThat(total.served() + total.gateway429()).as("every answer is a success or a clean 429")
                .isEqualTo(total.offered());
        assertThat(total.withRetryAfter()).as("every gateway 429 says when to retry").isEqualTo(total.gateway429());
        assertThat(r.providers().getFirst().served()).as("the best-ranked provider serves").isPositive();
        assertThat(r.calls()).filteredOn(c -> c.status() == 200).extracting(OpenLoad.Call::routedVia)
                .as("served by the measured fakes only, never by the disabled warm-up model")
                .allMatch(via -> FakeSpec.lineup().stream().anyMatch(p -> p.route().equals(via)));
        assertThat(r.meanRank()).isBetween(50.0, 90.0);

        assertThat(outcome.files()).contains(out.resolve("summary.md"), out.resolve("results.json"), out.resolve("quota-known.json"));
        assertThat(Files.readString(out.resolve("summary.md"))).contains("## Targets", "| fake-groq |", "Mean intelligence rank");
        assertThat(Files.readString(out.resolve("results.json"))).contains("\"scenarios\"", "\"upstream429\"");
        assertThat(Files.readString(out.resolve("quota-known.json"))).contains("fake-groq");
    }

    @Test
    void options_rejectUnknownFlagsAndBadDurations() {
        assertThatThrownBy(() -> QuotaOptions.parse(new String[] {"--rates", "5"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown option '--rates'").hasMessageContaining("--rate N");
        assertThatThrownBy(() -> QuotaOptions.parse(new String[] {"--duration", "3"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unit ms, s or m");
        assertThatThrownBy(() -> QuotaOptions.parse(new String[] {"--scenarios", "guess"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected known, learn or shared");
    }
}
