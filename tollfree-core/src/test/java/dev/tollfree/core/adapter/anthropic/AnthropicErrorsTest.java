package dev.tollfree.core.adapter.anthropic;

import static dev.tollfree.core.adapter.anthropic.AnthropicHarness.KEY;
import static dev.tollfree.core.adapter.anthropic.AnthropicHarness.call;
import static dev.tollfree.core.adapter.anthropic.AnthropicHarness.chat;
import static dev.tollfree.core.adapter.anthropic.AnthropicHarness.fixture;
import static dev.tollfree.core.adapter.anthropic.AnthropicHarness.provider;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollfree.core.adapter.ChatResult;
import dev.tollfree.core.adapter.Credential;
import dev.tollfree.core.adapter.KeyValidation;
import dev.tollfree.core.adapter.ModelListing;
import dev.tollfree.core.adapter.RateLimitSnapshot;
import dev.tollfree.core.adapter.UpstreamError;
import dev.tollfree.core.catalog.AuthStyle;
import dev.tollfree.core.routing.FailureClass;
import dev.tollfree.core.routing.FailureClassifier;
import dev.tollfree.testkit.FakeUpstream;
import dev.tollfree.testkit.FakeUpstreamExtension;
import dev.tollfree.testkit.RecordedRequest;
import dev.tollfree.testkit.Script;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Error statuses and how routing reads them, rate-limit headers, credential headers, the model list and key checks. */
@ExtendWith(FakeUpstreamExtension.class)
@Timeout(20)
class AnthropicErrorsTest {
    private static AnthropicHarness h;

    @BeforeAll
    static void start() {
        h = new AnthropicHarness();
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    private static UpstreamError fail(FakeUpstream upstream, Script script) {
        upstream.enqueue(script);
        ChatResult result = h.adapter.complete(call(upstream, chat("hi", false)));
        assertThat(result).isInstanceOf(ChatResult.Failure.class);
        return ((ChatResult.Failure) result).error();
    }

    @Test
    void overloaded529_isTransient(FakeUpstream upstream) {
        UpstreamError e = fail(upstream, Script.json(529, fixture("errors/overloaded.json")));
        assertThat(e.status()).isEqualTo(529);
        assertThat(e.error().type()).isEqualTo("overloaded_error");
        assertThat(e.error().message()).isEqualTo("Overloaded");
        assertThat(FailureClassifier.classify(e)).isEqualTo(FailureClass.TRANSIENT);
    }

    @Test
    void rateLimit429_isARateLimit_withRetryAfterAndTheLimitHeaders(FakeUpstream upstream) {
        UpstreamError e = fail(upstream, Script.json(429, fixture("errors/rate-limit.json"))
                .header("retry-after", "17")
                .header("anthropic-ratelimit-requests-limit", "50")
                .header("anthropic-ratelimit-requests-remaining", "12")
                .header("anthropic-ratelimit-requests-reset", "2026-03-01T12:00:30Z")
                .header("anthropic-ratelimit-output-tokens-limit", "8000")
                .header("anthropic-ratelimit-output-tokens-remaining", "0")
                .header("anthropic-ratelimit-output-tokens-reset", "2026-03-01T12:00:45Z"));
        assertThat(e.error().type()).isEqualTo("rate_limit_error");
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(17));
        assertThat(e.dailyLimit()).isFalse();
        assertThat(FailureClassifier.classify(e)).isEqualTo(FailureClass.RATE_LIMIT);
        RateLimitSnapshot s = e.limits();
        assertThat(s.requestLimit()).hasValue(50);
        assertThat(s.requestsRemaining()).hasValue(12);
        assertThat(s.requestsReset()).contains(Instant.parse("2026-03-01T12:00:30Z"));
        assertThat(s.requestWindow()).isEqualTo(RateLimitSnapshot.Window.MINUTE);
        assertThat(s.tokensRemaining()).hasValue(0);
        assertThat(s.tokensReset()).contains(Instant.parse("2026-03-01T12:00:45Z"));
        assertThat(s.tokenWindow()).isEqualTo(RateLimitSnapshot.Window.MINUTE);
    }

    @Test
    void rateLimit429_withoutRetryAfter_waitsForTheExhaustedCounter(FakeUpstream upstream) {
        UpstreamError e = fail(upstream, Script.json(429, fixture("errors/rate-limit.json"))
                .header("anthropic-ratelimit-input-tokens-remaining", "0")
                .header("anthropic-ratelimit-input-tokens-reset", "2026-03-01T12:00:20Z"));
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(20));
    }

    @Test
    void spendLimit429_isMarkedAsALongLimit(FakeUpstream upstream) {
        UpstreamError e = fail(upstream, Script.json(429, fixture("errors/spend-limit.json")));
        assertThat(e.error().code()).isEqualTo("enforced_spend_limit_reached");
        assertThat(e.dailyLimit()).isTrue();
    }

    @Test
    void authentication401_isACredentialFailure(FakeUpstream upstream) {
        UpstreamError e = fail(upstream, Script.json(401, fixture("errors/authentication.json")));
        assertThat(e.error().type()).isEqualTo("authentication_error");
        assertThat(FailureClassifier.classify(e)).isEqualTo(FailureClass.CREDENTIAL);
    }

    @Test
    void promptTooLong400_isContextTooLarge(FakeUpstream upstream) {
        UpstreamError e = fail(upstream, Script.json(400, fixture("errors/prompt-too-long.json")));
        assertThat(FailureClassifier.classify(e)).isEqualTo(FailureClass.CONTEXT_TOO_LARGE);
    }

    @Test
    void successHeaders_tokensCounterWins_whenNothingIsExhausted(FakeUpstream upstream) {
        upstream.enqueue(Script.json(200, fixture("responses/text.json"))
                .header("anthropic-ratelimit-tokens-limit", "90000")
                .header("anthropic-ratelimit-tokens-remaining", "89000")
                .header("anthropic-ratelimit-tokens-reset", "2026-03-01T12:01:00Z")
                .header("anthropic-ratelimit-input-tokens-remaining", "70000"));
        ChatResult.Success ok = (ChatResult.Success) h.adapter.complete(call(upstream, chat("hi", false)));
        assertThat(ok.limits().tokenLimit()).hasValue(90000);
        assertThat(ok.limits().tokensRemaining()).hasValue(89000);
        assertThat(ok.limits().requestWindow()).isEqualTo(RateLimitSnapshot.Window.UNKNOWN);
    }

    @Test
    void headerAuth_usesTheOperatorsHeader_noneSendsNoCredential(FakeUpstream upstream) {
        upstream.setDefault(Script.json(200, fixture("models/page-2.json")));
        h.adapter.listModels(provider(upstream, AuthStyle.HEADER, "x-proxy-key"), KEY);
        RecordedRequest header = upstream.takeRequest();
        assertThat(header.header("x-proxy-key")).contains("sk-ant-test-key");
        assertThat(header.header("x-api-key")).isEmpty();
        assertThat(header.header("Authorization")).isEmpty();
        assertThat(header.header("anthropic-version")).contains("2023-06-01");

        h.adapter.listModels(provider(upstream, AuthStyle.NONE, ""), KEY);
        RecordedRequest none = upstream.takeRequest();
        assertThat(none.header("x-api-key")).isEmpty();
        assertThat(none.header("Authorization")).isEmpty();

        h.adapter.listModels(provider(upstream), Credential.ANONYMOUS);
        assertThat(upstream.takeRequest().header("x-api-key")).isEmpty();
    }

    @Test
    void listModels_followsPages(FakeUpstream upstream) {
        upstream.enqueue(Script.json(200, fixture("models/page-1.json")));
        upstream.enqueue(Script.json(200, fixture("models/page-2.json")));
        ModelListing listing = h.adapter.listModels(provider(upstream), KEY);
        assertThat(listing).isEqualTo(new ModelListing.Models(java.util.List.of("claude-sonnet-4-5", "claude-haiku-4-5", "claude-opus-4-1")));
        assertThat(upstream.takeRequest().target()).isEqualTo("/v1/models?limit=1000");
        assertThat(upstream.takeRequest().target()).isEqualTo("/v1/models?limit=1000&after_id=claude-haiku-4-5");
    }

    @Test
    void validateKey_validOnAList_invalidOn401_unknownOnTransportTrouble(FakeUpstream upstream) {
        upstream.enqueue(Script.json(200, fixture("models/page-2.json")));
        assertThat(h.adapter.validateKey(provider(upstream), KEY).status()).isEqualTo("valid");

        upstream.enqueue(Script.json(401, fixture("errors/authentication.json")));
        KeyValidation invalid = h.adapter.validateKey(provider(upstream), KEY);
        assertThat(invalid.status()).isEqualTo("invalid");
        assertThat(invalid.detail()).contains("invalid x-api-key");

        upstream.enqueue(Script.json(529, fixture("errors/overloaded.json")));
        assertThat(h.adapter.validateKey(provider(upstream), KEY).status()).isEqualTo("unknown");

        upstream.enqueue(Script.reset());
        assertThat(h.adapter.validateKey(provider(upstream), KEY).status()).isEqualTo("unknown");
    }

    @Test
    void connectionRefused_isAConnectFailure() {
        FakeUpstream gone = FakeUpstream.start();
        var request = call(gone, chat("hi", false));
        gone.close();
        ChatResult result = h.adapter.complete(request);
        assertThat(result).isInstanceOf(ChatResult.Failure.class);
        assertThat(((ChatResult.Failure) result).error().kind()).isEqualTo(UpstreamError.Kind.CONNECT);
    }
}
