package dev.tollfree.core.adapter;

import dev.tollfree.core.adapter.RateLimitSnapshot.Window;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * When a provider says a retry may succeed, and whether the limit it hit is daily or longer.
 * Stated waits: {@code retry-after-ms}, {@code Retry-After} (seconds, decimal or HTTP date),
 * GitHub {@code x-ratelimit-timeremaining}, Gemini {@code RetryInfo.retryDelay}, OpenRouter
 * {@code error.metadata.headers.X-RateLimit-Reset} (epoch ms) and prose ("try again in 7.66s",
 * "Please wait 46 seconds before retrying"). The longest stated wait wins. Only when nothing is
 * stated does the reset of an exhausted header counter ({@code remaining == 0}) count, since
 * OpenAI-family resets mean "back to full", not "one more request".
 */
public final class RetryHints {
    /** Bodies are scanned for prose up to this many characters. */
    private static final int MAX_SCAN = 100_000;
    private static final Pattern PROSE = Pattern.compile(
            "(?i)\\b(?:try\\s+again|retry(?:ing)?|wait)(?:\\s+(?:in|after|for))?(?:\\s+(?:about|approximately|roughly))?\\s+"
                    + "(?:((?:[0-9]++(?:\\.[0-9]++)?(?:ns|us|µs|μs|ms|h|m|s))++)(?![a-zA-Z])"
                    + "|([0-9]++(?:\\.[0-9]++)?)\\s*(milliseconds?|msecs?|seconds?|secs?|minutes?|mins?|hours?|hrs?|days?)\\b)");
    private static final Pattern LONG_WINDOW_WORDS = Pattern.compile(
            "(?i)per[\\s_-]?day|byday|daily|\\bweekly\\b|per[\\s_-]?week|\\bmonthly\\b|per[\\s_-]?month"
                    + "|/\\s*(?:day|week|month)\\b|\\((?:rpd|tpd)\\)|\\bfor\\s+today\\b|\\btomorrow\\b");
    private static final Pattern WINDOW_SECONDS = Pattern.compile("(?i)duration_s\"?\\s*[:=]\\s*(\\d{1,12})|\\bper\\s+(\\d{1,12})\\s*s\\b");
    /**
     * Ollama's usage windows that state no wait: a 5-hour "session" and an "hourly" window. Neither
     * says when it started, so the wait taken is an hour: the window is probed once an hour instead
     * of every half minute (the plain rate-limit bench), and it is never more than an hour late.
     */
    private static final Pattern USAGE_WINDOW = Pattern.compile("(?i)\\b(?:session|hourly)\\s+usage\\s+limit\\b");
    static final Duration USAGE_WINDOW_WAIT = Duration.ofHours(1);
    /** Cloudflare 3036 (daily neurons used up), Zhipu 1304 (daily call limit). */
    private static final Set<String> DAILY_CODES = Set.of("3036", "1304");
    private static final long DAY_SECONDS = 86_400;

    private RetryHints() {}

    /** The earliest moment the provider says a retry may succeed, from headers then body; empty when it says nothing. */
    public static Optional<Duration> retryAfter(HeaderView headers, byte[] body, Instant now) {
        try {
            HeaderView h = headers == null ? HeaderView.EMPTY : headers;
            List<Duration> stated = new ArrayList<>();
            h.first("retry-after-ms").flatMap(Durations::decimal).map(ms -> Durations.seconds(ms.movePointLeft(3)))
                    .ifPresent(stated::add);
            for (String name : List.of("retry-after", "x-ratelimit-timeremaining")) {
                h.first(name).flatMap(v -> Durations.reset(v, now)).map(at -> Durations.until(at, now)).ifPresent(stated::add);
            }
            String text = ErrorDecoder.text(body);
            JsonNode error = ErrorDecoder.root(text).orElse(MissingNode.getInstance()).path("error");
            for (JsonNode detail : error.path("details")) {
                Durations.parse(ErrorDecoder.scalar(detail.get("retryDelay"))).map(Durations::clamp).ifPresent(stated::add);
            }
            error.path("metadata").path("headers").forEachEntry((name, value) -> {
                if (name.equalsIgnoreCase("x-ratelimit-reset")) {
                    Durations.reset(ErrorDecoder.scalar(value), now).map(at -> Durations.until(at, now)).ifPresent(stated::add);
                }
            });
            stated.addAll(prose(text));
            if (stated.isEmpty() && USAGE_WINDOW.matcher(scanned(text)).find()) {
                stated.add(USAGE_WINDOW_WAIT);
            }
            if (stated.isEmpty()) {
                RateLimitSnapshot s = RateLimitDecoder.decode(h, now);
                if (s.requestsRemaining().isPresent() && s.requestsRemaining().getAsLong() == 0) {
                    s.requestsReset().map(at -> Durations.until(at, now)).ifPresent(stated::add);
                }
                if (s.tokensRemaining().isPresent() && s.tokensRemaining().getAsLong() == 0) {
                    s.tokensReset().map(at -> Durations.until(at, now)).ifPresent(stated::add);
                }
            }
            return stated.stream().max(Comparator.naturalOrder()).map(Durations::clamp);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * True when the body/headers say a daily (or longer) limit was hit — e.g. Groq "requests per
     * day (RPD)", GitHub x-ratelimit-type UserByDay..., SambaNova "duration_s: 86400", Gemini
     * quotaId containing PerDay, Cloudflare daily neurons code, OpenRouter "free-models-per-day".
     * Weekly and monthly limits (Ollama, Cohere trial, Hugging Face credits) count too. A limit
     * the body names explicitly (quotaId, limit type) beats loose wording elsewhere in the text.
     */
    public static boolean isDailyLimit(HeaderView headers, byte[] body) {
        try {
            HeaderView h = headers == null ? HeaderView.EMPTY : headers;
            if (h.first("x-ratelimit-type").map(RetryHints::isLongWindow).orElse(false)) {
                return true;
            }
            String text = ErrorDecoder.text(body);
            if (text.isEmpty()) {
                return false;
            }
            JsonNode root = ErrorDecoder.root(text).orElse(MissingNode.getInstance());
            for (JsonNode detail : root.path("error").path("details")) {
                for (JsonNode violation : detail.path("violations")) {
                    if (isLongWindow(ErrorDecoder.scalar(violation.get("quotaId")))) {
                        return true;
                    }
                }
            }
            Optional<String> named = RateLimitDecoder.bodyLimitType(text, root);
            if (named.map(RetryHints::isLongWindow).orElse(false)
                    || DAILY_CODES.contains(ErrorDecoder.decode(429, text).code())) {
                return true;
            }
            Matcher m = WINDOW_SECONDS.matcher(scanned(text));
            while (m.find()) {
                String seconds = m.group(1) != null ? m.group(1) : m.group(2);
                if (Long.parseLong(seconds) >= DAY_SECONDS) {
                    return true;
                }
            }
            return named.isEmpty() && LONG_WINDOW_WORDS.matcher(scanned(text)).find();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Every wait stated in prose, each cut to [0, 7 days]. */
    static List<Duration> prose(String text) {
        List<Duration> waits = new ArrayList<>();
        Matcher m = PROSE.matcher(scanned(text));
        while (m.find()) {
            if (m.group(1) != null) {
                Durations.parse(m.group(1).toLowerCase(Locale.ROOT)).map(Durations::clamp).ifPresent(waits::add);
            } else {
                BigDecimal amount = new BigDecimal(m.group(2));
                waits.add(Durations.seconds(amount.multiply(BigDecimal.valueOf(unitSeconds(m.group(3))))));
            }
        }
        return waits;
    }

    private static double unitSeconds(String unit) {
        String u = unit.toLowerCase(Locale.ROOT);
        if (u.startsWith("ms") || u.startsWith("milli")) {
            return 0.001;
        }
        return switch (u.charAt(0)) {
            case 'm' -> 60;
            case 'h' -> 3_600;
            case 'd' -> 86_400;
            default -> 1;
        };
    }

    private static boolean isLongWindow(String limitName) {
        Window w = RateLimitDecoder.windowOf(limitName);
        return w == Window.DAY || w == Window.MONTH || limitName.toLowerCase(Locale.ROOT).contains("week");
    }

    private static String scanned(String text) {
        return text.length() > MAX_SCAN ? text.substring(0, MAX_SCAN) : text;
    }
}
