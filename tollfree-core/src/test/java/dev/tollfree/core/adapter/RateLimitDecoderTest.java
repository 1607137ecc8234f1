package dev.tollfree.core.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollfree.core.adapter.RateLimitSnapshot.Window;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RateLimitDecoderTest {
    private static final Instant NOW = Instant.parse("2026-09-01T12:00:00Z");

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Optional<Instant> at(Duration fromNow) {
        return Optional.of(NOW.plus(fromNow));
    }

    // --- OpenAI / Groq -----------------------------------------------------------------------

    private static final HeaderView OPENAI = HeaderView.of(
            "x-ratelimit-limit-requests", "500",
            "x-ratelimit-limit-tokens", "30000",
            "x-ratelimit-remaining-requests", "499",
            "x-ratelimit-remaining-tokens", "29984",
            "x-ratelimit-reset-requests", "120ms",
            "x-ratelimit-reset-tokens", "6m0s");

    @Test
    void decode_openAiHeaders_callerSaysRequestsPerMinute() {
        RateLimitSnapshot s = RateLimitDecoder.decode(OPENAI, NOW, Window.MINUTE);
        assertThat(s).isEqualTo(new RateLimitSnapshot(
                OptionalLong.of(500), OptionalLong.of(499), at(Duration.ofMillis(120)), Window.MINUTE,
                OptionalLong.of(30000), OptionalLong.of(29984), at(Duration.ofMinutes(6)), Window.MINUTE, Optional.empty()));
    }

    @Test
    void decode_groqHeaders_requestsPerDayTokensPerMinute() {
        HeaderView groq = HeaderView.of(
                "x-ratelimit-limit-requests", "14400",
                "x-ratelimit-limit-tokens", "6000",
                "x-ratelimit-remaining-requests", "14370",
                "x-ratelimit-remaining-tokens", "5890",
                "x-ratelimit-reset-requests", "2m59.56s",
                "x-ratelimit-reset-tokens", "7.66s",
                "retry-after", "7");
        RateLimitSnapshot s = RateLimitDecoder.decode(groq, NOW, Window.DAY);
        assertThat(s).isEqualTo(new RateLimitSnapshot(
                OptionalLong.of(14400), OptionalLong.of(14370), at(Duration.ofMillis(179_560)), Window.DAY,
                OptionalLong.of(6000), OptionalLong.of(5890), at(Duration.ofMillis(7_660)), Window.MINUTE, Optional.empty()));
    }

    @Test
    void decode_twoArgument_unsuffixedRequestWindowIsUnknown() {
        RateLimitSnapshot s = RateLimitDecoder.decode(OPENAI, NOW);
        assertThat(s.requestWindow()).isEqualTo(Window.UNKNOWN);
        assertThat(s.tokenWindow()).isEqualTo(Window.MINUTE);
        assertThat(s.requestLimit()).hasValue(500);
    }

    @Test
    void decode_nullHint_isUnknown() {
        assertThat(RateLimitDecoder.decode(OPENAI, NOW, null).requestWindow()).isEqualTo(Window.UNKNOWN);
    }

    @Test
    void decode_headerNamesAreCaseInsensitive() {
        HeaderView h = new HeaderView(Map.of("X-RateLimit-Limit-Requests", List.of("30"), "X-RATELIMIT-REMAINING-REQUESTS", List.of("29")));
        RateLimitSnapshot s = RateLimitDecoder.decode(h, NOW, Window.MINUTE);
        assertThat(s.requestLimit()).hasValue(30);
        assertThat(s.requestsRemaining()).hasValue(29);
    }

    @Test
    void decode_azurePlaceholders_areIgnored() {
        HeaderView h = HeaderView.of(
                "x-ratelimit-limit-requests", "-1", "x-ratelimit-remaining-requests", "-1",
                "x-ratelimit-limit-tokens", "0", "x-ratelimit-remaining-tokens", "0");
        RateLimitSnapshot s = RateLimitDecoder.decode(h, NOW, Window.MINUTE);
        assertThat(s.requestLimit()).isEmpty();
        assertThat(s.requestsRemaining()).isEmpty();
        assertThat(s.tokenLimit()).isEmpty();
        assertThat(s.tokensRemaining()).hasValue(0);
    }

    @Test
    void decode_decimalCounts_areFloored() {
        RateLimitSnapshot s = RateLimitDecoder.decode(HeaderView.of("x-ratelimit-limit-tokens", "6000.0",
                "x-ratelimit-remaining-tokens", "5889.7"), NOW);
        assertThat(s.tokenLimit()).hasValue(6000);
        assertThat(s.tokensRemaining()).hasValue(5889);
    }

    // --- Cerebras and SambaNova --------------------------------------------------------------

    @Test
    void decode_cerebrasDayAndMinuteSuffixes_decimalSecondResets() {
        HeaderView h = HeaderView.of(
                "x-ratelimit-limit-requests-day", "14400",
                "x-ratelimit-remaining-requests-day", "13693",
                "x-ratelimit-reset-requests-day", "11726.2840924263",
                "x-ratelimit-limit-tokens-minute", "60000",
                "x-ratelimit-remaining-tokens-minute", "60000",
                "x-ratelimit-reset-tokens-minute", "26.28409242630005");
        RateLimitSnapshot s = RateLimitDecoder.decode(h, NOW);
        assertThat(s).isEqualTo(new RateLimitSnapshot(
                OptionalLong.of(14400), OptionalLong.of(13693), at(Duration.ofSeconds(11726, 284_092_426)), Window.DAY,
                OptionalLong.of(60000), OptionalLong.of(60000), at(Duration.ofSeconds(26, 284_092_426)), Window.MINUTE,
                Optional.empty()));
    }

    private static HeaderView cerebrasFull(String requestsMinuteRemaining, String requestsDayRemaining, String tokensDayRemaining) {
        return HeaderView.of(
                "x-ratelimit-limit-requests-minute", "30", "x-ratelimit-remaining-requests-minute", requestsMinuteRemaining,
                "x-ratelimit-reset-requests-minute", "26.5",
                "x-ratelimit-limit-requests-hour", "900", "x-ratelimit-remaining-requests-hour", "880",
                "x-ratelimit-reset-requests-hour", "1800",
                "x-ratelimit-limit-requests-day", "14400", "x-ratelimit-remaining-requests-day", requestsDayRemaining,
                "x-ratelimit-reset-requests-day", "11726.5",
                "x-ratelimit-limit-tokens-minute", "60000", "x-ratelimit-remaining-tokens-minute", "59000",
                "x-ratelimit-reset-tokens-minute", "26.5",
                "x-ratelimit-limit-tokens-hour", "1000000", "x-ratelimit-remaining-tokens-hour", "990000",
                "x-ratelimit-limit-tokens-day", "1000000", "x-ratelimit-remaining-tokens-day", tokensDayRemaining,
                "x-ratelimit-reset-tokens-day", "11726.5");
    }

    @Test
    void decode_cerebrasFullShape_nothingExhausted_keepsRequestsDayAndTokensMinute() {
        RateLimitSnapshot s = RateLimitDecoder.decode(cerebrasFull("29", "13693", "900000"), NOW);
        assertThat(s.requestWindow()).isEqualTo(Window.DAY);
        assertThat(s.requestsRemaining()).hasValue(13693);
        assertThat(s.tokenWindow()).isEqualTo(Window.MINUTE);
        assertThat(s.tokensRemaining()).hasValue(59000);
    }

    @Test
    void decode_cerebrasFullShape_exhaustedMinuteCounterWins() {
        RateLimitSnapshot s = RateLimitDecoder.decode(cerebrasFull("0", "13693", "900000"), NOW);
        assertThat(s.requestWindow()).isEqualTo(Window.MINUTE);
        assertThat(s.requestsRemaining()).hasValue(0);
        assertThat(s.requestsReset()).isEqualTo(at(Duration.ofMillis(26_500)));
    }

    @Test
    void decode_cerebrasFullShape_severalExhausted_latestResetWins() {
        RateLimitSnapshot s = RateLimitDecoder.decode(cerebrasFull("0", "0", "0"), NOW);
        assertThat(s.requestWindow()).isEqualTo(Window.DAY);
        assertThat(s.requestsReset()).isEqualTo(at(Duration.ofMillis(11_726_500)));
        assertThat(s.tokenWindow()).isEqualTo(Window.DAY);
        assertThat(s.tokensRemaining()).hasValue(0);
    }

    @ParameterizedTest(name = "reset {0}")
    @CsvSource({
            "1788825600, 2026-09-08T00:00:00Z",      // SambaNova ⚠ epoch seconds
            "1788825600000, 2026-09-08T00:00:00Z",   // epoch milliseconds
            "3600, 2026-09-01T13:00:00Z",            // relative seconds
            "1h0m0s, 2026-09-01T13:00:00Z",          // Go duration
    })
    void decode_sambanovaResetUnit_toleratesEveryForm(String reset, String expected) {
        HeaderView h = HeaderView.of("x-ratelimit-limit-requests-day", "20", "x-ratelimit-remaining-requests-day", "3",
                "x-ratelimit-reset-requests-day", reset);
        RateLimitSnapshot s = RateLimitDecoder.decode(h, NOW);
        assertThat(s.requestsReset()).contains(Instant.parse(expected));
        assertThat(s.requestWindow()).isEqualTo(Window.DAY);
    }

    // --- Mistral -----------------------------------------------------------------------------

    @Test
    void decode_mistralBySize_minuteBudget_activeWindowResetMerged() {
        HeaderView h = HeaderView.of(
                "ratelimitbysize-limit", "500000", "ratelimitbysize-remaining", "499000", "ratelimitbysize-reset", "28",
                "ratelimitbysize-query-cost", "1000",
                "x-ratelimitbysize-limit-minute", "500000", "x-ratelimitbysize-remaining-minute", "499000",
                "x-ratelimitbysize-limit-month", "1000000000", "x-ratelimitbysize-remaining-month", "999000000");
        RateLimitSnapshot s = RateLimitDecoder.decode(h, NOW);
        assertThat(s).isEqualTo(new RateLimitSnapshot(
                OptionalLong.empty(), OptionalLong.empty(), Optional.empty(), Window.UNKNOWN,
                OptionalLong.of(500000), OptionalLong.of(499000), at(Duration.ofSeconds(28)), Window.MINUTE, Optional.empty()));
    }

    @Test
    void decode_mistralBySize_exhaustedMonth_wins() {
        HeaderView h = HeaderView.of(
                "x-ratelimitbysize-limit-minute", "500000", "x-ratelimitbysize-remaining-minute", "500000",
                "x-ratelimitbysize-limit-month", "1000000000", "x-ratelimitbysize-remaining-month", "0");
        RateLimitSnapshot s = RateLimitDecoder.decode(h, NOW);
        assertThat(s.tokenWindow()).isEqualTo(Window.MONTH);
        assertThat(s.tokenLimit()).hasValue(1_000_000_000L);
        assertThat(s.tokensRemaining()).hasValue(0);
    }

    @Test
    void decode_mistralBySize_activeWindowAlone_xPrefixed() {
        HeaderView h = HeaderView.of("x-ratelimitbysize-limit", "500000", "x-ratelimitbysize-remaining", "12", "x-ratelimitbysize-reset", "28");
        RateLimitSnapshot s = RateLimitDecoder.decode(h, NOW);
        assertThat(s.tokenLimit()).hasValue(500000);
        assertThat(s.tokensRemaining()).hasValue(12);
        assertThat(s.tokensReset()).isEqualTo(at(Duration.ofSeconds(28)));
        assertThat(s.tokenWindow()).isEqualTo(Window.UNKNOWN);
    }

    @Test
    void decode_mistralLegacyXRateLimit_readAsRequests() { // ⚠ "Mistral has used both"
        RateLimitSnapshot s = RateLimitDecoder.decode(HeaderView.of("x-ratelimit-limit", "60", "x-ratelimit-remaining", "59",
                "x-ratelimit-reset", "28"), NOW, Window.MINUTE);
        assertThat(s.requestLimit()).hasValue(60);
        assertThat(s.requestWindow()).isEqualTo(Window.MINUTE);
    }

    // --- X-RateLimit-* (OpenRouter, Moonshot) ------------------------------------------------

    @ParameterizedTest(name = "Moonshot reset {0}")
    @CsvSource({
            "1788825600000, 2026-09-08T00:00:00Z",  // epoch ms
            "1788825600, 2026-09-08T00:00:00Z",     // epoch s
            "20, 2026-09-01T12:00:20Z",             // relative s
    })
    void decode_moonshotXRateLimit_resetUnitByMagnitude(String reset, String expected) { // ⚠ unit unconfirmed
        HeaderView h = HeaderView.of("X-RateLimit-Limit", "3", "X-RateLimit-Remaining", "0", "X-RateLimit-Reset", reset);
        RateLimitSnapshot s = RateLimitDecoder.decode(h, NOW, Window.MINUTE);
        assertThat(s.requestLimit()).hasValue(3);
        assertThat(s.requestsRemaining()).hasValue(0);
        assertThat(s.requestsReset()).contains(Instant.parse(expected));
    }

    @Test
    void decode_resetInThePast_isNow() {
        RateLimitSnapshot s = RateLimitDecoder.decode(HeaderView.of("X-RateLimit-Reset", "1600000000000"), NOW);
        assertThat(s.requestsReset()).contains(NOW);
    }

    // --- GitHub Models -----------------------------------------------------------------------

    @Test
    void decode_githubDaily429_typeAndTimeRemaining() {
        HeaderView h = HeaderView.of("retry-after", "5631", "x-ratelimit-type", "UserByModelByDay",
                "x-ratelimit-timeremaining", "5631", "x-ms-error-code", "RateLimitReached");
        RateLimitSnapshot s = RateLimitDecoder.decode(h, NOW);
        assertThat(s).isEqualTo(new RateLimitSnapshot(
                OptionalLong.empty(), OptionalLong.of(0), at(Duration.ofSeconds(5631)), Window.DAY,
                OptionalLong.empty(), OptionalLong.empty(), Optional.empty(), Window.UNKNOWN, Optional.of("UserByModelByDay")));
    }

    @Test
    void decode_githubMinute429() {
        HeaderView h = HeaderView.of("retry-after", "46", "x-ratelimit-type", "UserByModelByMinute", "x-ratelimit-timeremaining", "46");
        RateLimitSnapshot s = RateLimitDecoder.decode(h, NOW);
        assertThat(s.requestWindow()).isEqualTo(Window.MINUTE);
        assertThat(s.requestsReset()).isEqualTo(at(Duration.ofSeconds(46)));
        assertThat(s.limitType()).contains("UserByModelByMinute");
    }

    @Test
    void decode_githubConcurrencyType_unknownWindow() { // ⚠ concurrency types
        RateLimitSnapshot s = RateLimitDecoder.decode(HeaderView.of("x-ratelimit-type", "UserConcurrentRequests"), NOW);
        assertThat(s.requestWindow()).isEqualTo(Window.UNKNOWN);
        assertThat(s.limitType()).contains("UserConcurrentRequests");
    }

    // --- Cohere ------------------------------------------------------------------------------

    @Test
    void decode_cohereTrial_perMinuteCalls() {
        HeaderView h = HeaderView.of("x-trial-endpoint-call-limit", "20", "x-trial-endpoint-call-remaining", "19",
                "x-endpoint-monthly-call-limit", "1000", "x-debug-trace-id", "abc");
        RateLimitSnapshot s = RateLimitDecoder.decode(h, NOW);
        assertThat(s.requestLimit()).hasValue(20);
        assertThat(s.requestsRemaining()).hasValue(19);
        assertThat(s.requestWindow()).isEqualTo(Window.MINUTE);
    }

    @Test
    void decode_cohereMonthlyLimitOnly() {
        RateLimitSnapshot s = RateLimitDecoder.decode(HeaderView.of("x-endpoint-monthly-call-limit", "1000"), NOW);
        assertThat(s.requestLimit()).hasValue(1000);
        assertThat(s.requestWindow()).isEqualTo(Window.MONTH);
        assertThat(s.requestsRemaining()).isEmpty();
    }

    // --- Nothing / garbage -------------------------------------------------------------------

    @Test
    void decode_noRateLimitHeaders_isEmpty() {
        assertThat(RateLimitDecoder.decode(HeaderView.of("content-type", "application/json", "retry-after", "7"), NOW).isEmpty()).isTrue();
        assertThat(RateLimitDecoder.decode(HeaderView.EMPTY, NOW)).isEqualTo(RateLimitSnapshot.EMPTY);
        assertThat(RateLimitDecoder.decode(null, NOW)).isEqualTo(RateLimitSnapshot.EMPTY);
    }

    @Test
    void decode_garbageHeaderValues_neverThrow() {
        HeaderView h = HeaderView.of(
                "x-ratelimit-limit-requests", "lots", "x-ratelimit-remaining-requests", "99999999999999999999999999",
                "x-ratelimit-reset-requests", "tomorrow", "x-ratelimit-reset-tokens", "1e999",
                "x-ratelimit-limit-tokens", "", "x-ratelimit-type", "   ", "X-RateLimit-Reset", "-1",
                "x-ratelimit-timeremaining", "NaN", "ratelimitbysize-limit", "x".repeat(10_000));
        RateLimitSnapshot s = RateLimitDecoder.decode(h, NOW, Window.DAY);
        assertThat(s.requestLimit()).isEmpty();
        assertThat(s.requestsRemaining()).isEmpty();
        assertThat(s.limitType()).isEmpty();
        assertThat(s.requestsReset()).contains(NOW); // "-1" → a past reset clamps to now
    }

    // --- decodeBody --------------------------------------------------------------------------

    static final String OPENROUTER_PER_DAY = """
            {"error":{"code":429,"message":"Rate limit exceeded: free-models-per-day. Add 10 credits to unlock 1000 free model requests per day",
             "metadata":{"headers":{"X-RateLimit-Limit":"50","X-RateLimit-Remaining":"0","X-RateLimit-Reset":"1788825600000"}}},
             "user_id":"user_2abc"}""";

    @Test
    void decodeBody_openRouterFreeModelsPerDay_epochMillisReset() {
        RateLimitSnapshot s = RateLimitDecoder.decodeBody(utf8(OPENROUTER_PER_DAY), NOW);
        assertThat(s).isEqualTo(new RateLimitSnapshot(
                OptionalLong.of(50), OptionalLong.of(0), Optional.of(Instant.parse("2026-09-08T00:00:00Z")), Window.DAY,
                OptionalLong.empty(), OptionalLong.empty(), Optional.empty(), Window.UNKNOWN, Optional.of("free-models-per-day")));
    }

    @Test
    void decodeBody_openRouterFreeModelsPerMin_numericHeaderValues() {
        RateLimitSnapshot s = RateLimitDecoder.decodeBody(utf8("""
                {"error":{"code":429,"message":"Rate limit exceeded: free-models-per-min. ",
                 "metadata":{"headers":{"X-RateLimit-Limit":20,"X-RateLimit-Remaining":0,"X-RateLimit-Reset":1788264060000}}}}"""), NOW);
        assertThat(s.requestLimit()).hasValue(20);
        assertThat(s.requestWindow()).isEqualTo(Window.MINUTE);
        assertThat(s.requestsReset()).contains(Instant.parse("2026-09-01T12:01:00Z"));
        assertThat(s.limitType()).contains("free-models-per-min");
    }

    @Test
    void decodeBody_openRouterLimitSource_namesTheLimit() { // ⚠ seen in one public fixture
        RateLimitSnapshot s = RateLimitDecoder.decodeBody(utf8("""
                {"error":{"code":429,"message":"Rate limit exceeded","metadata":{"limit_source":"openrouter_free_tier_daily",
                 "headers":{"X-RateLimit-Limit":"1000","X-RateLimit-Remaining":"0","X-RateLimit-Reset":"1788825600000"}}}}"""), NOW);
        assertThat(s.limitType()).contains("openrouter_free_tier_daily");
        assertThat(s.requestWindow()).isEqualTo(Window.DAY);
    }

    @Test
    void decodeBody_openRouterUpstreamPool_noHeaders() {
        RateLimitSnapshot s = RateLimitDecoder.decodeBody(utf8("""
                {"error":{"code":429,"message":"Provider returned error","metadata":{"limit_source":"upstream_provider_shared_pool",
                 "raw":"qwen/qwen3-coder:free is temporarily rate-limited upstream. Please retry shortly.","provider_name":"Chutes"}}}"""), NOW);
        assertThat(s.limitType()).contains("upstream_provider_shared_pool");
        assertThat(s.requestLimit()).isEmpty();
    }

    @Test
    void decodeBody_githubDailyBody_limitWindowAndWait() {
        RateLimitSnapshot s = RateLimitDecoder.decodeBody(utf8("""
                {"error":{"code":"RateLimitReached","message":"Rate limit of 50 per 86400s exceeded for UserByModelByDay. Please wait 5631 seconds before retrying.",
                 "details":"Rate limit of 50 per 86400s exceeded for UserByModelByDay. Please wait 5631 seconds before retrying."}}"""), NOW);
        assertThat(s).isEqualTo(new RateLimitSnapshot(
                OptionalLong.of(50), OptionalLong.of(0), at(Duration.ofSeconds(5631)), Window.DAY,
                OptionalLong.empty(), OptionalLong.empty(), Optional.empty(), Window.UNKNOWN, Optional.of("UserByModelByDay")));
    }

    @Test
    void decodeBody_githubMinuteBody() {
        RateLimitSnapshot s = RateLimitDecoder.decodeBody(utf8("""
                {"error":{"code":"RateLimitReached","message":"Rate limit of 10 per 60s exceeded for UserByModelByMinute. Please wait 46 seconds before retrying."}}"""), NOW);
        assertThat(s.requestLimit()).hasValue(10);
        assertThat(s.requestWindow()).isEqualTo(Window.MINUTE);
        assertThat(s.requestsReset()).isEqualTo(at(Duration.ofSeconds(46)));
    }

    @Test
    void decode_headersAndBody_mergeFieldByField_githubLimitFromTheBody() {
        HeaderView h = HeaderView.of("retry-after", "46", "x-ratelimit-type", "UserByModelByMinute", "x-ratelimit-timeremaining", "46");
        RateLimitSnapshot s = RateLimitDecoder.decode(h, utf8("""
                {"error":{"code":"RateLimitReached","message":"Rate limit of 10 per 60s exceeded for UserByModelByMinute. Please wait 40 seconds before retrying."}}"""),
                NOW, Window.UNKNOWN);
        assertThat(s.requestLimit()).hasValue(10);
        assertThat(s.requestsRemaining()).hasValue(0);
        assertThat(s.requestsReset()).as("the header's reset wins").isEqualTo(at(Duration.ofSeconds(46)));
        assertThat(s.requestWindow()).isEqualTo(Window.MINUTE);
        assertThat(s.limitType()).contains("UserByModelByMinute");
    }

    @Test
    void decode_headersAndBody_counterOfAnotherWindow_isNotMixedIn() {
        HeaderView h = HeaderView.of("x-ratelimit-remaining-requests-day", "0", "x-ratelimit-reset-requests-day", "3600");
        RateLimitSnapshot s = RateLimitDecoder.decode(h, utf8("""
                {"error":{"message":"Rate limit of 10 per 60s exceeded"}}"""), NOW, Window.UNKNOWN);
        assertThat(s.requestWindow()).isEqualTo(Window.DAY);
        assertThat(s.requestLimit()).as("a minute limit is not a day limit").isEmpty();
        assertThat(s.requestsReset()).isEqualTo(at(Duration.ofSeconds(3600)));
    }

    @Test
    void decodeBody_sambanovaViolatedDuration_readsLimitAndUsage() {
        RateLimitSnapshot minute = RateLimitDecoder.decodeBody(utf8("""
                {"error":{"message":"Request would exceed rate limit\nViolated duration_s: 60, current usage: 20, limit: 20"}}"""), NOW);
        assertThat(minute.requestLimit()).hasValue(20);
        assertThat(minute.requestsRemaining()).hasValue(0);
        assertThat(minute.requestWindow()).isEqualTo(Window.MINUTE);

        RateLimitSnapshot day = RateLimitDecoder.decodeBody(utf8("""
                {"error":{"message":"Request would exceed rate limit\nViolated duration_s: 86400, current usage: 196279, limit: 200000"}}"""), NOW);
        assertThat(day.requestLimit()).hasValue(200_000);
        assertThat(day.requestsRemaining()).hasValue(3_721);
        assertThat(day.requestWindow()).isEqualTo(Window.DAY);

        RateLimitSnapshot other = RateLimitDecoder.decodeBody(utf8("""
                {"error":{"message":"Violated duration_s: 3600, current usage: 5, limit: 5"}}"""), NOW);
        assertThat(other.requestLimit()).as("a window the ledger has no counter for").isEmpty();
    }

    @Test
    void decodeBody_groqTpmBody_limitUsedAndWait() {
        RateLimitSnapshot s = RateLimitDecoder.decodeBody(utf8("""
                {"error":{"message":"Rate limit reached for model `llama-3.1-8b-instant` in organization `org_01` service tier `on_demand` on tokens per minute (TPM): Limit 6000, Used 5975, Requested 4351. Please try again in 5.289s. Visit https://console.groq.com/docs/rate-limits for more information.",
                 "type":"tokens","code":"rate_limit_exceeded"}}"""), NOW);
        assertThat(s).isEqualTo(new RateLimitSnapshot(
                OptionalLong.empty(), OptionalLong.empty(), Optional.empty(), Window.UNKNOWN,
                OptionalLong.of(6000), OptionalLong.of(25), at(Duration.ofMillis(5289)), Window.MINUTE, Optional.of("TPM")));
    }

    @Test
    void decodeBody_groqRpdBody() {
        RateLimitSnapshot s = RateLimitDecoder.decodeBody(utf8("""
                {"error":{"message":"Rate limit reached for model `llama-3.3-70b-versatile` in organization `org_01` service tier `on_demand` on requests per day (RPD): Limit 1000, Used 1000, Requested 1. Please try again in 1m26.4s.",
                 "type":"requests","code":"rate_limit_exceeded"}}"""), NOW);
        assertThat(s.requestLimit()).hasValue(1000);
        assertThat(s.requestsRemaining()).hasValue(0);
        assertThat(s.requestWindow()).isEqualTo(Window.DAY);
        assertThat(s.requestsReset()).isEqualTo(at(Duration.ofMillis(86_400)));
        assertThat(s.limitType()).contains("RPD");
    }

    @Test
    void decodeBody_groq413RequestTooLarge_limitWithoutUsed() {
        RateLimitSnapshot s = RateLimitDecoder.decodeBody(utf8("""
                {"error":{"message":"Request too large for model `qwen/qwen3-32b` in organization `org_01` service tier `on_demand` on tokens per minute (TPM): Limit 30000, Requested 33476, please reduce your message size and try again.","type":"tokens","code":"rate_limit_exceeded"}}"""), NOW);
        assertThat(s.tokenLimit()).hasValue(30000);
        assertThat(s.tokensRemaining()).isEmpty();
    }

    @Test
    void decodeBody_geminiQuotaFailure_dayQuotaWithoutTrustingRetryDelay() {
        RateLimitSnapshot s = RateLimitDecoder.decodeBody(utf8(ErrorDecoderTest.GEMINI_429_DAY), NOW);
        assertThat(s).isEqualTo(new RateLimitSnapshot(
                OptionalLong.of(20), OptionalLong.of(0), Optional.empty(), Window.DAY,
                OptionalLong.empty(), OptionalLong.empty(), Optional.empty(), Window.UNKNOWN,
                Optional.of("GenerateRequestsPerDayPerProjectPerModel-FreeTier")));
    }

    @Test
    void decodeBody_geminiCompatArray_tokenQuotaPerMinute() {
        RateLimitSnapshot s = RateLimitDecoder.decodeBody(utf8("""
                [{"error":{"code":429,"message":"Resource exhausted","status":"RESOURCE_EXHAUSTED","details":[
                  {"@type":"type.googleapis.com/google.rpc.Help","links":[]},
                  {"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[{"quotaMetric":"generativelanguage.googleapis.com/generate_content_free_tier_input_token_count",
                   "quotaId":"GenerateContentInputTokensPerModelPerMinute-FreeTier","quotaValue":"250000"}]}]}}]"""), NOW);
        assertThat(s.tokenLimit()).hasValue(250000);
        assertThat(s.tokenWindow()).isEqualTo(Window.MINUTE);
        assertThat(s.requestLimit()).isEmpty();
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "You are using a Trial key, which is limited to 20 API calls / minute. You can continue ...|20|MINUTE",
            "You are using a Trial key, which is limited to 1000 API calls / month. You can continue ...|1000|MONTH",
    })
    void decodeBody_cohereTrialMessages(String message, long limit, Window window) {
        RateLimitSnapshot s = RateLimitDecoder.decodeBody(utf8("{\"id\":\"6b7a\",\"message\":\"" + message + "\"}"), NOW);
        assertThat(s.requestLimit()).hasValue(limit);
        assertThat(s.requestsRemaining()).hasValue(0);
        assertThat(s.requestWindow()).isEqualTo(window);
        assertThat(s.limitType()).contains("API calls / " + window.name().toLowerCase());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Queue full", "<html>502</html>", "{}", "[]", "{\"error\":{\"metadata\":{\"headers\":[1]}}}",
            "{\"error\":{\"metadata\":{\"headers\":{\"X-RateLimit-Limit\":{\"a\":1}}}}}", "Rate limit of 99999999999999999999 per 99999999999999999999s",
            "(TPM): Limit 99999999999999999999999, Used 1", "{\"error\":{\"details\":[{\"violations\":[{\"quotaValue\":\"-3\"}]}]}}"})
    void decodeBody_garbage_neverThrows(String body) {
        RateLimitSnapshot s = RateLimitDecoder.decodeBody(utf8(body), NOW);
        assertThat(s).isNotNull();
        assertThat(s.requestLimit().orElse(0)).isNotNegative();
        assertThat(RateLimitDecoder.decodeBody(null, NOW)).isEqualTo(RateLimitSnapshot.EMPTY);
    }

    // --- headers + body ----------------------------------------------------------------------

    @Test
    void decode_headersAndBody_headerCounterWinsBodyFillsGaps() {
        HeaderView h = HeaderView.of("x-ratelimit-limit-tokens", "6000", "x-ratelimit-remaining-tokens", "10",
                "x-ratelimit-reset-tokens", "7.66s", "x-ratelimit-limit-requests", "14400", "x-ratelimit-remaining-requests", "14370");
        RateLimitSnapshot s = RateLimitDecoder.decode(h, utf8("""
                {"error":{"message":"... on tokens per minute (TPM): Limit 6000, Used 5975, Requested 4351. Please try again in 5.289s.","type":"tokens","code":"rate_limit_exceeded"}}"""),
                NOW, Window.DAY);
        assertThat(s.tokensRemaining()).hasValue(10);
        assertThat(s.tokensReset()).isEqualTo(at(Duration.ofMillis(7660)));
        assertThat(s.requestWindow()).isEqualTo(Window.DAY);
        assertThat(s.limitType()).contains("TPM");
    }

    @Test
    void decode_headersAndBody_bodyOnly() {
        RateLimitSnapshot s = RateLimitDecoder.decode(HeaderView.EMPTY, utf8(OPENROUTER_PER_DAY), NOW, Window.UNKNOWN);
        assertThat(s.requestLimit()).hasValue(50);
        assertThat(s.limitType()).contains("free-models-per-day");
    }
}
