package dev.tollfree.core.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RetryHintsTest {
    private static final Instant NOW = Instant.parse("2026-09-01T12:00:00Z");
    private static final byte[] NO_BODY = new byte[0];

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Optional<Duration> retry(HeaderView headers, String body) {
        return RetryHints.retryAfter(headers, utf8(body), NOW);
    }

    private static boolean daily(HeaderView headers, String body) {
        return RetryHints.isDailyLimit(headers, utf8(body));
    }

    // --- retryAfter: headers -----------------------------------------------------------------

    @Test
    void retryAfter_llm7IntegerSeconds() {
        assertThat(retry(HeaderView.of("retry-after", "10"), "")).contains(Duration.ofSeconds(10));
    }

    @Test
    void retryAfter_openAiDecimalSeconds() {
        assertThat(retry(HeaderView.of("Retry-After", "1.5"), "")).contains(Duration.ofMillis(1500));
    }

    @Test
    void retryAfter_httpDate() {
        assertThat(retry(HeaderView.of("retry-after", "Tue, 01 Sep 2026 12:01:30 GMT"), "")).contains(Duration.ofSeconds(90));
    }

    @Test
    void retryAfter_httpDateInThePast_isZero() {
        assertThat(retry(HeaderView.of("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT"), "")).contains(Duration.ZERO);
    }

    @Test
    void retryAfter_openAiSdkRetryAfterMs() {
        assertThat(retry(HeaderView.of("retry-after-ms", "1250"), "")).contains(Duration.ofMillis(1250));
        assertThat(retry(HeaderView.of("retry-after-ms", "0.5"), "")).contains(Duration.ofNanos(500_000));
    }

    @Test
    void retryAfter_githubTimeRemaining() {
        assertThat(retry(HeaderView.of("x-ratelimit-type", "UserByModelByMinute", "x-ratelimit-timeremaining", "46"), ""))
                .contains(Duration.ofSeconds(46));
    }

    @Test
    void retryAfter_negativeOrZero_isZero() {
        assertThat(retry(HeaderView.of("retry-after", "-5"), "")).contains(Duration.ZERO);
        assertThat(retry(HeaderView.of("retry-after", "0"), "")).contains(Duration.ZERO);
    }

    @Test
    void retryAfter_cappedAtSevenDays() {
        assertThat(retry(HeaderView.of("retry-after", "99999999"), "")).contains(Duration.ofDays(7));
        assertThat(retry(HeaderView.of("retry-after-ms", "999999999999999"), "")).contains(Duration.ofDays(7));
        assertThat(retry(HeaderView.EMPTY, "Please wait 9999999999 days before retrying")).contains(Duration.ofDays(7));
    }

    // --- retryAfter: bodies ------------------------------------------------------------------

    @Test
    void retryAfter_geminiRetryInfo_38s() {
        assertThat(retry(HeaderView.EMPTY, ErrorDecoderTest.GEMINI_429_DAY)).contains(Duration.ofSeconds(38));
    }

    @Test
    void retryAfter_geminiCompatArray_fractionalRetryDelay() {
        assertThat(retry(HeaderView.EMPTY, """
                [{"error":{"code":429,"message":"Resource exhausted.","status":"RESOURCE_EXHAUSTED","details":[
                  {"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"0.5s"}]}}]""")).contains(Duration.ofMillis(500));
    }

    @Test
    void retryAfter_geminiMessageProseAndRetryInfo_longestWins() {
        assertThat(retry(HeaderView.EMPTY, """
                {"error":{"code":429,"message":"You exceeded your current quota. Please retry in 38.513394224s.","status":"RESOURCE_EXHAUSTED",
                 "details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"38s"}]}}"""))
                .contains(Duration.ofSeconds(38, 513_394_224));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Rate limit reached for model `m` on tokens per minute (TPM): Limit 6000, Used 5975, Requested 4351. Please try again in 7.66s. Visit https://console.groq.com/docs/rate-limits|7660",
            "Rate limit reached for gpt-4o on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 1m26.4s.|86400",
            "Please try again in 825ms.|825",
            "Rate limit of 10 per 60s exceeded for UserByModelByMinute. Please wait 46 seconds before retrying.|46000",
            "Too many requests, retry after 30 seconds|30000",
            "Please retry in 2 minutes|120000",
            "TRY AGAIN IN 5S|5000",
            "please wait about 1.5 hours|5400000",
    })
    void retryAfter_proseHints(String text, long millis) {
        String body = "{\"error\":{\"message\":\"" + text.replace("\"", "\\\"") + "\"}}";
        assertThat(retry(HeaderView.EMPTY, body)).contains(Duration.ofMillis(millis));
        assertThat(retry(HeaderView.EMPTY, text)).as("plain-text body").contains(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"you've reached your weekly usage limit, please wait or upgrade to continue", "Queue full",
            "Please try again later.", "retry-after: 5", "await 5s", "wait 5", "try again in a few minutes", "retry in 5 apples"})
    void retryAfter_proseWithoutAStatedWait_isEmpty(String body) {
        assertThat(retry(HeaderView.EMPTY, body)).isEmpty();
    }

    @Test
    void retryAfter_openRouterMetadataReset_epochMillisFromNow() {
        assertThat(retry(HeaderView.EMPTY, RateLimitDecoderTest.OPENROUTER_PER_DAY)).contains(Duration.ofDays(6).plusHours(12));
    }

    @Test
    void retryAfter_openRouterMetadataReset_numericAndPast() {
        assertThat(retry(HeaderView.EMPTY, """
                {"error":{"code":429,"message":"Rate limit exceeded: free-models-per-min.","metadata":{"headers":{"x-ratelimit-reset":1788264045000}}}}"""))
                .contains(Duration.ofSeconds(45));
        assertThat(retry(HeaderView.EMPTY, """
                {"error":{"code":429,"message":"x","metadata":{"headers":{"X-RateLimit-Reset":"1600000000000"}}}}"""))
                .contains(Duration.ZERO);
    }

    @Test
    void retryAfter_groqHeaderAndBody_longestWins() {
        HeaderView h = HeaderView.of("retry-after", "7", "x-ratelimit-remaining-tokens", "25", "x-ratelimit-reset-tokens", "7.66s");
        assertThat(retry(h, "{\"error\":{\"message\":\"... Please try again in 5.289s. ...\",\"type\":\"tokens\",\"code\":\"rate_limit_exceeded\"}}"))
                .contains(Duration.ofSeconds(7));
    }

    @Test
    void retryAfter_githubDaily_longHeaderWinsOverShortProse() {
        HeaderView h = HeaderView.of("retry-after", "52000", "x-ratelimit-type", "UserByModelByDay", "x-ratelimit-timeremaining", "52000");
        assertThat(retry(h, "{\"error\":{\"code\":\"RateLimitReached\",\"message\":\"Please wait 46 seconds before retrying.\"}}"))
                .contains(Duration.ofSeconds(52000));
    }

    @Test
    void retryAfter_cerebrasExhaustedCounter_resetUsedWhenNothingElseStated() {
        HeaderView h = HeaderView.of("x-ratelimit-limit-tokens-minute", "60000", "x-ratelimit-remaining-tokens-minute", "0",
                "x-ratelimit-reset-tokens-minute", "26.28409242630005",
                "x-ratelimit-limit-requests-day", "14400", "x-ratelimit-remaining-requests-day", "13693",
                "x-ratelimit-reset-requests-day", "11726.2840924263");
        assertThat(retry(h, "{\"message\":\"Rate limit exceeded\",\"type\":\"rate_limit_error\",\"param\":null,\"code\":\"rate_limit_error\"}"))
                .contains(Duration.ofSeconds(26, 284_092_426));
    }

    @Test
    void retryAfter_exhaustedCounter_ignoredWhenAWaitIsStated() {
        HeaderView h = HeaderView.of("retry-after", "3", "x-ratelimit-remaining-requests", "0", "x-ratelimit-reset-requests", "6h0m0s");
        assertThat(retry(h, "")).contains(Duration.ofSeconds(3));
    }

    @Test
    void retryAfter_countersNotExhausted_isEmpty() {
        HeaderView h = HeaderView.of("x-ratelimit-remaining-requests", "5", "x-ratelimit-reset-requests", "2m59.56s");
        assertThat(retry(h, "{\"error\":{\"message\":\"Internal error\",\"type\":\"server_error\"}}")).isEmpty();
    }

    @Test
    void retryAfter_nothingStated_isEmpty() {
        assertThat(RetryHints.retryAfter(HeaderView.EMPTY, NO_BODY, NOW)).isEmpty();
        assertThat(RetryHints.retryAfter(null, null, NOW)).isEmpty();
        assertThat(retry(HeaderView.of("content-type", "application/json"), "{\"error\":{\"message\":\"nope\"}}")).isEmpty();
    }

    @Test
    void retryAfter_garbage_neverThrows() {
        byte[] noise = new byte[8192];
        new Random(7).nextBytes(noise);
        HeaderView h = HeaderView.of("retry-after", "soon", "retry-after-ms", "NaN", "x-ratelimit-timeremaining", "-",
                "x-ratelimit-remaining-tokens", "0", "x-ratelimit-reset-tokens", "later");
        assertThat(RetryHints.retryAfter(h, noise, NOW)).isEmpty();
        for (String body : new String[] {"[", "{\"error\":{\"details\":[{\"retryDelay\":\"forever\"}]}}",
                "{\"error\":{\"details\":\"x\",\"metadata\":{\"headers\":[]}}}", "{\"error\":{\"details\":[{\"retryDelay\":{}}]}}",
                "try again in " + "9".repeat(5000) + "s", "wait " + "1.".repeat(10_000)}) {
            assertThat(retry(h, body)).isNotNull();
        }
    }

    // --- isDailyLimit ------------------------------------------------------------------------

    @Test
    void isDailyLimit_groqRequestsPerDay() {
        assertThat(daily(HeaderView.EMPTY, """
                {"error":{"message":"Rate limit reached for model `llama-3.3-70b-versatile` in organization `org_01` service tier `on_demand` on requests per day (RPD): Limit 1000, Used 1000, Requested 1. Please try again in 1m26.4s.","type":"requests","code":"rate_limit_exceeded"}}"""))
                .isTrue();
    }

    @Test
    void isDailyLimit_groqTokensPerMinute_isFalse() {
        assertThat(daily(HeaderView.EMPTY, """
                {"error":{"message":"Rate limit reached for model `m` on tokens per minute (TPM): Limit 6000, Used 5975, Requested 4351. Please try again in 5.289s.","type":"tokens","code":"rate_limit_exceeded"}}"""))
                .isFalse();
    }

    @Test
    void isDailyLimit_groqTokensPerDay() {
        assertThat(daily(HeaderView.EMPTY, "{\"error\":{\"message\":\"... on tokens per day (TPD): Limit 500000, Used 499000, Requested 4000.\"}}")).isTrue();
    }

    @Test
    void isDailyLimit_githubHeaderType() {
        assertThat(daily(HeaderView.of("x-ratelimit-type", "UserByModelByDay"), "")).isTrue();
        assertThat(daily(HeaderView.of("x-ratelimit-type", "UserByModelByMinute"), "")).isFalse();
    }

    @Test
    void isDailyLimit_githubBodyOnly() {
        assertThat(daily(HeaderView.EMPTY, """
                {"error":{"code":"RateLimitReached","message":"Rate limit of 50 per 86400s exceeded for UserByModelByDay. Please wait 5631 seconds before retrying."}}"""))
                .isTrue();
        assertThat(daily(HeaderView.EMPTY, """
                {"error":{"code":"RateLimitReached","message":"Rate limit of 10 per 60s exceeded for UserByModelByMinute. Please wait 46 seconds before retrying."}}"""))
                .isFalse();
    }

    @Test
    void isDailyLimit_sambanovaDurationSeconds() {
        assertThat(daily(HeaderView.EMPTY, """
                {"error":{"message":"Request would exceed rate limit\\nViolated duration_s: 86400, current usage: 196279, limit: 200000"}}""")).isTrue();
        assertThat(daily(HeaderView.EMPTY, "Request would exceed rate limit\nViolated duration_s: 60, current usage: 21, limit: 20")).isFalse();
        assertThat(daily(HeaderView.EMPTY, "{\"message\":\"Request would exceed rate limit\",\"duration_s\":86400}")).isTrue(); // ⚠ envelope
    }

    @Test
    void isDailyLimit_geminiQuotaIdPerDay() {
        assertThat(daily(HeaderView.EMPTY, ErrorDecoderTest.GEMINI_429_DAY)).isTrue();
        assertThat(daily(HeaderView.EMPTY, "[" + ErrorDecoderTest.GEMINI_429_DAY + "]")).as("compat array").isTrue();
    }

    @Test
    void isDailyLimit_geminiPerMinute_isFalseDespiteShortRetryDelay() {
        String minute = ErrorDecoderTest.GEMINI_429_DAY.replace("GenerateRequestsPerDayPerProjectPerModel", "GenerateRequestsPerMinutePerProjectPerModel");
        assertThat(daily(HeaderView.EMPTY, minute)).isFalse();
    }

    @Test
    void isDailyLimit_geminiMinuteAndDayViolations_dayWins() {
        assertThat(daily(HeaderView.EMPTY, """
                {"error":{"code":429,"message":"Quota exceeded","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.QuotaFailure",
                 "violations":[{"quotaId":"GenerateRequestsPerMinutePerProjectPerModel-FreeTier","quotaValue":"5"},
                               {"quotaId":"GenerateRequestsPerDayPerProjectPerModel-FreeTier","quotaValue":"20"}]}]}}""")).isTrue();
    }

    @Test
    void isDailyLimit_cloudflareDailyNeurons3036_butNotCapacity3040() {
        assertThat(daily(HeaderView.EMPTY, """
                {"result":null,"success":false,"errors":[{"code":3036,"message":"Account limited"}],"messages":[]}""")).isTrue();
        assertThat(daily(HeaderView.EMPTY, """
                {"result":null,"success":false,"errors":[{"code":3040,"message":"No more data centers to forward the request to"}],"messages":[]}""")).isFalse();
    }

    @Test
    void isDailyLimit_openRouterFreeModelsPerDay() {
        assertThat(daily(HeaderView.EMPTY, RateLimitDecoderTest.OPENROUTER_PER_DAY)).isTrue();
    }

    @Test
    void isDailyLimit_openRouterPerMinute_isFalseEvenWithPerDayUpsell() {
        assertThat(daily(HeaderView.EMPTY, """
                {"error":{"code":429,"message":"Rate limit exceeded: free-models-per-min. Add 10 credits to unlock 1000 free model requests per day"}}""")).isFalse();
        assertThat(daily(HeaderView.EMPTY, """
                {"error":{"code":429,"message":"Provider returned error","metadata":{"raw":"x is temporarily rate-limited upstream"}}}""")).isFalse();
    }

    @Test
    void isDailyLimit_openRouterLimitSourceDaily() { // ⚠ one public fixture
        assertThat(daily(HeaderView.EMPTY, """
                {"error":{"code":429,"message":"Rate limit exceeded","metadata":{"limit_source":"openrouter_free_tier_daily"}}}""")).isTrue();
    }

    @Test
    void isDailyLimit_zhipuDailyCallLimit1304_butNotConcurrency1302() {
        assertThat(daily(HeaderView.EMPTY, "{\"error\":{\"code\":\"1304\",\"message\":\"已达到当日调用次数限制\"}}")).isTrue();
        assertThat(daily(HeaderView.EMPTY, "{\"error\":{\"code\":\"1302\",\"message\":\"High concurrency\"}}")).isFalse();
    }

    @Test
    void isDailyLimit_cohereMonthlyTrialCap_butNotPerMinute() {
        assertThat(daily(HeaderView.EMPTY, "{\"id\":\"a\",\"message\":\"You are using a Trial key, which is limited to 1000 API calls / month.\"}")).isTrue();
        assertThat(daily(HeaderView.EMPTY, "{\"id\":\"a\",\"message\":\"You are using a Trial key, which is limited to 20 API calls / minute.\"}")).isFalse();
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "you've reached your weekly usage limit, please wait or upgrade to continue|true",
            "you (jdoe) have reached your session usage limit, upgrade for higher limits: https://ollama.com/upgrade|false",
            "you've reached your hourly usage limit, please wait or upgrade to continue|false",
    })
    void isDailyLimit_ollamaPlainTextWindows(String message, boolean expected) {
        assertThat(daily(HeaderView.EMPTY, message)).isEqualTo(expected);
        assertThat(daily(HeaderView.EMPTY, "{\"error\":\"" + message + "\"}")).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "you (jdoe) have reached your session usage limit, upgrade for higher limits: https://ollama.com/upgrade",
            "you've reached your hourly usage limit, please wait or upgrade to continue"})
    void retryAfter_ollamaSessionAndHourlyWindows_areProbedOnceAnHour_notEveryHalfMinute(String message) {
        assertThat(retry(HeaderView.EMPTY, message)).contains(Duration.ofHours(1));
        assertThat(retry(HeaderView.EMPTY, "{\"error\":\"" + message + "\"}")).contains(Duration.ofHours(1));
    }

    @Test
    void retryAfter_aStatedWaitBeatsTheUsageWindowGuess() {
        assertThat(retry(HeaderView.EMPTY, "session usage limit reached, try again in 20m")).contains(Duration.ofMinutes(20));
    }

    @Test
    void isDailyLimit_huggingFaceMonthlyCredits() {
        assertThat(daily(HeaderView.EMPTY, """
                {"error":"You have exceeded your monthly included credits for Inference Providers. Subscribe to PRO to get 20x more monthly included credits."}"""))
                .isTrue();
    }

    @Test
    void isDailyLimit_ordinaryErrors_areFalse() {
        assertThat(daily(HeaderView.EMPTY, "")).isFalse();
        assertThat(daily(HeaderView.EMPTY, "Queue full")).isFalse();
        assertThat(daily(HeaderView.EMPTY, "{\"type\":\"about:blank\",\"title\":\"Too Many Requests\",\"status\":429}")).isFalse();
        assertThat(daily(HeaderView.EMPTY, "{\"error\":{\"message\":\"The engine is currently overloaded\",\"type\":\"engine_overloaded_error\"}}")).isFalse();
        assertThat(daily(HeaderView.of("retry-after", "60000"), "")).as("a long Retry-After alone says nothing about the window").isFalse();
        assertThat(RetryHints.isDailyLimit(null, null)).isFalse();
    }

    @Test
    void isDailyLimit_garbage_neverThrows() {
        byte[] noise = new byte[8192];
        new Random(11).nextBytes(noise);
        assertThat(RetryHints.isDailyLimit(HeaderView.of("x-ratelimit-type", ""), noise)).isIn(true, false);
        assertThat(daily(HeaderView.EMPTY, "per " + "9".repeat(50) + "s")).isFalse();
        assertThat(daily(HeaderView.EMPTY, "{\"error\":{\"details\":[{\"violations\":[{\"quotaId\":{}}]}]}}")).isFalse();
        assertThat(daily(HeaderView.EMPTY, "[".repeat(100_000))).isFalse();
    }
}
