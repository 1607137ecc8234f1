package dev.tollfree.core.quota;

import static dev.tollfree.core.quota.Ledgers.GROQ_70B;
import static dev.tollfree.core.quota.Ledgers.granted;
import static dev.tollfree.core.quota.Ledgers.rpm;
import static dev.tollfree.core.quota.Ledgers.tpd;
import static dev.tollfree.core.quota.Ledgers.tpm;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollfree.api.ChatRequest;
import dev.tollfree.core.Fixtures;
import dev.tollfree.core.adapter.RateLimitSnapshot;
import dev.tollfree.core.adapter.RateLimitSnapshot.Window;
import dev.tollfree.core.catalog.Limits;
import dev.tollfree.core.catalog.ModelSpec;
import dev.tollfree.testkit.ManualClock;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The prompt is tokenised only when a token budget of the key or its account is checked. */
class QuotaLedgerPromptCountTest {
    private static final Instant T0 = Instant.parse("2026-03-04T10:00:00Z");
    private final ManualClock clock = new ManualClock(T0);
    private final QuotaLedger ledger = Ledgers.ledger(clock);
    private final CountingTokens counter = new CountingTokens();
    private final ChatRequest request = Fixtures.chat("auto", "a prompt of some forty characters or so.");

    /** Counts every prompt as 1,000 tokens and remembers how often it was asked. */
    private static final class CountingTokens implements TokenCounter {
        int counts;

        @Override
        public long promptTokens(ChatRequest r) {
            counts++;
            return 1_000;
        }

        @Override
        public long outputTokens(ChatRequest r, ModelSpec model) {
            return 0;
        }

        @Override
        public long textTokens(String text) {
            return text.length();
        }
    }

    private Reservation reserve(Limits model, Limits account, PromptTokens prompt) {
        return granted(ledger.tryReserve(GROQ_70B, model, account, prompt, 10));
    }

    @Test
    void noTokenLimit_reservesTheCharacterEstimateWithoutTokenising() {
        PromptTokens prompt = PromptTokens.of(request, counter);

        Reservation r = reserve(rpm(30), Limits.NONE, prompt);

        assertThat(counter.counts).isZero();
        assertThat(r.estimatedTokens()).isEqualTo(TokenCounter.estimate(request) + 10);
    }

    @Test
    void aConfiguredTokenLimit_ofTheModelOrTheAccount_countsThePromptOnce() {
        PromptTokens prompt = PromptTokens.of(request, counter);

        assertThat(reserve(tpm(100_000), Limits.NONE, prompt).estimatedTokens()).isEqualTo(1_010);
        assertThat(reserve(Limits.NONE, tpd(1_000_000), prompt).estimatedTokens()).isEqualTo(1_010);

        assertThat(counter.counts).isEqualTo(1);
    }

    @Test
    void aLearnedTokenLimit_countsThePrompt() {
        ledger.observe(GROQ_70B, new RateLimitSnapshot(OptionalLong.empty(), OptionalLong.empty(), Optional.empty(), Window.UNKNOWN,
                OptionalLong.of(6_000), OptionalLong.empty(), Optional.empty(), Window.MINUTE, Optional.empty()), T0);

        Reservation r = reserve(rpm(30), Limits.NONE, PromptTokens.of(request, counter));

        assertThat(counter.counts).isEqualTo(1);
        assertThat(r.estimatedTokens()).isEqualTo(1_010);
    }

    @Test
    void aReportedTokenBudget_countsThePrompt() {
        ledger.observe(GROQ_70B, new RateLimitSnapshot(OptionalLong.empty(), OptionalLong.empty(), Optional.empty(), Window.UNKNOWN,
                OptionalLong.empty(), OptionalLong.of(50_000), Optional.of(T0.plusSeconds(30)), Window.MINUTE, Optional.empty()), T0);

        reserve(Limits.NONE, Limits.NONE, PromptTokens.of(request, counter));

        assertThat(counter.counts).isEqualTo(1);
    }

    @Test
    void aCountGivenUpFront_isUsedAsItIs() {
        PromptTokens prompt = PromptTokens.counted(42);

        assertThat(reserve(tpm(100_000), Limits.NONE, prompt).estimatedTokens()).isEqualTo(52);
        assertThat(prompt.isCounted()).isTrue();
    }
}
