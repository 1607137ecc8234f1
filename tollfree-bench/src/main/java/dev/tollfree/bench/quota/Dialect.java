package dev.tollfree.bench.quota;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How a provider talks about its limits, after the provider notes (docs/providers): which headers
 * every response carries, and what a 429 looks like. The limits themselves are the same rolling
 * minute for all; only what the gateway can learn from them differs.
 */
enum Dialect {
    /** OpenAI's per-minute {@code x-ratelimit-*-requests|tokens} on every response, resets as Go durations; 429 with {@code retry-after} and Groq's wording. */
    OPENAI_HEADERS("x-ratelimit-{limit,remaining,reset}-{requests,tokens} on every response; 429: retry-after, \"(RPM): Limit 30, Used 30 … try again in 1.2s\""),
    /** SambaNova as far as it is confirmed: no headers, a 429 whose text names the window but no wait. */
    BARE_429("no headers; 429 \"Violated duration_s: 60, current usage: 20, limit: 20\" without any wait"),
    /** Gemini's OpenAI-compatible endpoint: no headers; a JSON-array 429 with QuotaFailure and RetryInfo. */
    GEMINI_RETRY_INFO("no headers; 429 body (JSON array) with quotaId …PerMinute…, quotaValue and RetryInfo.retryDelay"),
    /** GitHub Models: nothing on success; a 429 with retry-after, x-ratelimit-type and x-ratelimit-timeremaining. */
    GITHUB_429_HEADERS("nothing on success; 429: retry-after, x-ratelimit-type: UserByModelByMinute, \"Rate limit of 10 per 60s\""),
    /** Cerebras: per-day request and per-minute token counters on every response, decimal seconds; a flat 429 body without a wait. */
    CEREBRAS_HEADERS("x-ratelimit-*-requests-day and *-tokens-minute on every response; 429 flat body, no retry-after");

    /** When a provider states its per-minute request limit, in a form some gateway could read. */
    enum Reveals { EVERY_RESPONSE, ON_429, NEVER }

    private final String summary;

    Dialect(String summary) {
        this.summary = summary;
    }

    String summary() {
        return summary;
    }

    /** Whether and when this dialect states the request limit (Cerebras states only its day and token counters). */
    Reveals revealsRpm() {
        return switch (this) {
            case OPENAI_HEADERS -> Reveals.EVERY_RESPONSE;
            case BARE_429, GEMINI_RETRY_INFO, GITHUB_429_HEADERS -> Reveals.ON_429;
            case CEREBRAS_HEADERS -> Reveals.NEVER;
        };
    }

    /** Headers of any response (success or 429). */
    Map<String, String> headers(FakeSpec p, RollingWindow.Verdict v, long admittedToday, long now) {
        Map<String, String> h = new LinkedHashMap<>();
        switch (this) {
            case OPENAI_HEADERS -> {
                h.put("x-ratelimit-limit-requests", Integer.toString(p.rpm()));
                h.put("x-ratelimit-remaining-requests", Long.toString(Math.max(0, p.rpm() - v.requestsUsed())));
                h.put("x-ratelimit-reset-requests", goDuration(v.requestsFullMs()));
                if (p.tpm() > 0) {
                    h.put("x-ratelimit-limit-tokens", Long.toString(p.tpm()));
                    h.put("x-ratelimit-remaining-tokens", Long.toString(Math.max(0, p.tpm() - v.tokensUsed())));
                    h.put("x-ratelimit-reset-tokens", goDuration(v.tokensFullMs()));
                }
                if (!v.admitted()) {
                    h.put("retry-after", Long.toString(seconds(v.retryAfterMs())));
                }
            }
            case BARE_429, GEMINI_RETRY_INFO -> {
                // nothing: the 429 body is all the gateway gets
            }
            case GITHUB_429_HEADERS -> {
                if (!v.admitted()) {
                    h.put("retry-after", Long.toString(seconds(v.retryAfterMs())));
                    h.put("x-ratelimit-type", "UserByModelByMinute");
                    h.put("x-ratelimit-timeremaining", Long.toString(seconds(v.retryAfterMs())));
                    h.put("x-ms-error-code", "RateLimitReached");
                }
            }
            case CEREBRAS_HEADERS -> {
                long midnight = LocalDate.ofInstant(Instant.ofEpochMilli(now), ZoneOffset.UTC).plusDays(1)
                        .atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
                h.put("x-ratelimit-limit-requests-day", Integer.toString(FakeSpec.RPD));
                h.put("x-ratelimit-remaining-requests-day", Long.toString(Math.max(0, FakeSpec.RPD - admittedToday)));
                h.put("x-ratelimit-reset-requests-day", decimalSeconds(midnight - now));
                if (p.tpm() > 0) {
                    h.put("x-ratelimit-limit-tokens-minute", Long.toString(p.tpm()));
                    h.put("x-ratelimit-remaining-tokens-minute", Long.toString(Math.max(0, p.tpm() - v.tokensUsed())));
                    h.put("x-ratelimit-reset-tokens-minute", decimalSeconds(v.tokensFullMs()));
                }
            }
        }
        return h;
    }

    /** The body of a 429. */
    String limitedBody(FakeSpec p, RollingWindow.Verdict v, long requestedTokens) {
        boolean tokens = v.hit() == RollingWindow.Hit.TOKENS;
        return switch (this) {
            case OPENAI_HEADERS -> {
                String what = tokens ? "tokens per minute (TPM): Limit " + p.tpm() + ", Used " + v.tokensUsed() + ", Requested " + requestedTokens
                        : "requests per minute (RPM): Limit " + p.rpm() + ", Used " + v.requestsUsed() + ", Requested 1";
                yield "{\"error\":{\"message\":\"Rate limit reached for model `" + p.model() + "` in organization `org_bench` service tier `on_demand` on "
                        + what + ". Please try again in " + decimalSeconds(v.retryAfterMs()) + "s. Visit https://console.groq.com/docs/rate-limits for more information.\","
                        + "\"type\":\"" + (tokens ? "tokens" : "requests") + "\",\"code\":\"rate_limit_exceeded\"}}";
            }
            case BARE_429 -> "{\"error\":{\"message\":\"Request would exceed rate limit\\nViolated duration_s: 60, current usage: "
                    + v.requestsUsed() + ", limit: " + p.rpm() + "\"}}";
            case GEMINI_RETRY_INFO -> "[{\"error\":{\"code\":429,\"message\":\"You exceeded your current quota, please check your plan and billing details. "
                    + "Quota exceeded for metric: generativelanguage.googleapis.com/generate_content_free_tier_requests, limit: " + p.rpm() + "\","
                    + "\"status\":\"RESOURCE_EXHAUSTED\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.QuotaFailure\",\"violations\":[{"
                    + "\"quotaMetric\":\"generativelanguage.googleapis.com/generate_content_free_tier_requests\","
                    + "\"quotaId\":\"GenerateRequestsPerMinutePerProjectPerModel-FreeTier\","
                    + "\"quotaDimensions\":{\"location\":\"global\",\"model\":\"" + p.model() + "\"},\"quotaValue\":\"" + p.rpm() + "\"}]},"
                    + "{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"" + seconds(v.retryAfterMs()) + "s\"}]}}]";
            case GITHUB_429_HEADERS -> {
                String text = "Rate limit of " + p.rpm() + " per 60s exceeded for UserByModelByMinute. Please wait " + seconds(v.retryAfterMs())
                        + " seconds before retrying.";
                yield "{\"error\":{\"code\":\"RateLimitReached\",\"message\":\"" + text + "\",\"details\":\"" + text + "\"}}";
            }
            case CEREBRAS_HEADERS -> "{\"message\":\"Rate limit exceeded\",\"type\":\"rate_limit_error\",\"param\":null,\"code\":\"rate_limit_error\"}";
        };
    }

    /** Whole seconds, rounded up, at least 1: what {@code Retry-After} can say. */
    static long seconds(long ms) {
        return Math.max(1, (ms + 999) / 1000);
    }

    static String decimalSeconds(long ms) {
        return String.format(Locale.ROOT, "%.3f", Math.max(0, ms) / 1000.0);
    }

    /** A Go duration as OpenAI and Groq write it: {@code 825ms}, {@code 7.66s}, {@code 1m26.4s}. */
    static String goDuration(long ms) {
        long m = Math.max(0, ms);
        if (m < 1000) {
            return m + "ms";
        }
        long minutes = m / 60_000;
        String secs = String.format(Locale.ROOT, "%.3f", (m % 60_000) / 1000.0).replaceAll("\\.?0+$", "");
        return (minutes > 0 ? minutes + "m" : "") + secs + "s";
    }
}
