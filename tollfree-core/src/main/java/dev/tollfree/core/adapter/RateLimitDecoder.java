package dev.tollfree.core.adapter;

import dev.tollfree.core.adapter.RateLimitSnapshot.Window;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * Reads every rate-limit dialect (README "Rate-limit header families") into a
 * {@link RateLimitSnapshot}. When a dialect reports several windows for one counter (Cerebras
 * {@code -requests-day} and {@code -requests-minute}), the snapshot keeps the exhausted one with
 * the latest reset if any is exhausted, otherwise the first in this order: unsuffixed, then for
 * requests day, minute, hour, month and for tokens minute, day, hour, month. Hour windows report
 * {@link Window#UNKNOWN} (the enum has no hour).
 */
public final class RateLimitDecoder {
    /** Every header this decoder reads has one of these in its name. */
    private static final String[] HEADER_MARKERS = {"ratelimit", "x-trial-endpoint", "x-endpoint-monthly"};
    private static final Map<String, Window> REQUEST_SUFFIXES = suffixes("day", "minute", "hour", "month");
    private static final Map<String, Window> TOKEN_SUFFIXES = suffixes("minute", "day", "hour", "month");
    private static final Pattern GITHUB_TYPE = Pattern.compile("\\b([A-Z][A-Za-z]*By[A-Za-z]*(?:Day|Minute|Hour|Month|Second|Week))\\b");
    private static final Pattern OPENROUTER_TYPE = Pattern.compile("\\b([a-z0-9]+(?:-[a-z0-9]+)*-per-(?:day|min|minute|hour|month))\\b");
    private static final Pattern GROQ_TYPE = Pattern.compile("\\((RPM|RPD|TPM|TPD|ITPM|OTPM)\\)(?::\\s*Limit\\s+(\\d+)(?:,\\s*Used\\s+(\\d+))?)?");
    private static final Pattern GITHUB_LIMIT = Pattern.compile("(?i)Rate limit of (\\d+) per (\\d+)s\\b");
    private static final Pattern SAMBANOVA_LIMIT = Pattern.compile(
            "(?i)duration_s\"?\\s*[:=]\\s*(\\d{1,12})\\s*,\\s*current usage\"?\\s*[:=]\\s*(\\d{1,18})\\s*,\\s*limit\"?\\s*[:=]\\s*(\\d{1,18})");
    private static final Pattern COHERE_LIMIT = Pattern.compile("(?i)limited to (\\d+) API calls / (minute|hour|day|month)");

    private RateLimitDecoder() {}

    /** One counter as one dialect reports it. */
    private record Counter(OptionalLong limit, OptionalLong remaining, Optional<Instant> reset, Window window) {
        static final Counter NONE = new Counter(OptionalLong.empty(), OptionalLong.empty(), Optional.empty(), Window.UNKNOWN);

        boolean isEmpty() {
            return limit.isEmpty() && remaining.isEmpty() && reset.isEmpty();
        }

        boolean exhausted() {
            return remaining.isPresent() && remaining.getAsLong() == 0;
        }

        Instant resetOrGuess(Instant now) {
            return reset.orElseGet(() -> now.plus(switch (window) {
                case MINUTE -> Duration.ofMinutes(1);
                case DAY -> Duration.ofDays(1);
                case MONTH -> Duration.ofDays(30);
                case UNKNOWN -> Duration.ofHours(1);
            }));
        }
    }

    /** What one source (headers or body) said; merged per counter, headers first. */
    private record Parts(Counter requests, Counter tokens, Optional<String> limitType) {
        /** Per counter and per field: what this part says wins, the other fills the gaps of a counter of the same window. */
        Parts orElse(Parts other) {
            return new Parts(merge(requests, other.requests), merge(tokens, other.tokens), limitType.or(other::limitType));
        }

        private static Counter merge(Counter first, Counter second) {
            if (first.isEmpty() || second.isEmpty()) {
                return first.isEmpty() ? second : first;
            }
            if (first.window != second.window && first.window != Window.UNKNOWN && second.window != Window.UNKNOWN) {
                return first; // two different windows: the second says nothing about the first
            }
            return new Counter(first.limit.isPresent() ? first.limit : second.limit,
                    first.remaining.isPresent() ? first.remaining : second.remaining,
                    first.reset.or(() -> second.reset),
                    first.window != Window.UNKNOWN ? first.window : second.window);
        }

        RateLimitSnapshot snapshot() {
            Counter r = requests.isEmpty() ? Counter.NONE : requests;
            Counter t = tokens.isEmpty() ? Counter.NONE : tokens;
            return new RateLimitSnapshot(r.limit, r.remaining, r.reset, r.window, t.limit, t.remaining, t.reset, t.window, limitType);
        }
    }

    /** Same as {@link #decode(HeaderView, Instant, Window)} with an {@link Window#UNKNOWN} request window. */
    public static RateLimitSnapshot decode(HeaderView headers, Instant now) {
        return decode(headers, now, Window.UNKNOWN);
    }

    /**
     * Reads every header dialect; {@code now} turns relative resets into instants.
     *
     * @param plainRequestWindow the window of counters whose names do not say it: the unsuffixed
     *     {@code x-ratelimit-*-requests} (OpenAI: {@link Window#MINUTE}; Groq: {@link Window#DAY})
     *     and {@code X-RateLimit-*} (Moonshot ⚠). Unsuffixed token counters are per minute for
     *     every known provider.
     */
    public static RateLimitSnapshot decode(HeaderView headers, Instant now, Window plainRequestWindow) {
        try {
            return fromHeaders(headers, now, plainRequestWindow).snapshot();
        } catch (RuntimeException e) {
            return RateLimitSnapshot.EMPTY;
        }
    }

    /** OpenRouter puts X-RateLimit-* (reset in epoch milliseconds) inside a 429 body's error.metadata.headers. */
    public static RateLimitSnapshot decodeBody(byte[] body, Instant now) {
        try {
            return fromBody(ErrorDecoder.text(body), now).snapshot();
        } catch (RuntimeException e) {
            return RateLimitSnapshot.EMPTY;
        }
    }

    /** Headers and body together: per counter, a header value wins over what the body says. */
    public static RateLimitSnapshot decode(HeaderView headers, byte[] body, Instant now, Window plainRequestWindow) {
        try {
            return fromHeaders(headers, now, plainRequestWindow).orElse(fromBody(ErrorDecoder.text(body), now)).snapshot();
        } catch (RuntimeException e) {
            return decode(headers, now, plainRequestWindow);
        }
    }

    private static Parts fromHeaders(HeaderView headers, Instant now, Window plainRequestWindow) {
        HeaderView h = headers == null ? HeaderView.EMPTY : headers;
        if (!h.anyNameContains(HEADER_MARKERS)) {
            return new Parts(Counter.NONE, Counter.NONE, Optional.empty()); // most answers of most providers: nothing to read
        }
        Window plain = plainRequestWindow == null ? Window.UNKNOWN : plainRequestWindow;
        List<Counter> requests = new ArrayList<>();
        List<Counter> tokens = new ArrayList<>();
        requests.add(read(h, "x-ratelimit-", "-requests", plain, now));
        REQUEST_SUFFIXES.forEach((s, w) -> requests.add(read(h, "x-ratelimit-", "-requests-" + s, w, now)));
        tokens.add(read(h, "x-ratelimit-", "-tokens", Window.MINUTE, now));
        TOKEN_SUFFIXES.forEach((s, w) -> tokens.add(read(h, "x-ratelimit-", "-tokens-" + s, w, now)));
        requests.add(read(h, "x-ratelimit-", "", plain, now));
        // Mistral: per-minute and per-month token budgets, plus the unsuffixed active window.
        Counter minute = read(h, "x-ratelimitbysize-", "-minute", Window.MINUTE, now);
        Counter month = read(h, "x-ratelimitbysize-", "-month", Window.MONTH, now);
        Counter active = read(h, "ratelimitbysize-", "", Window.UNKNOWN, now);
        active = active.isEmpty() ? read(h, "x-ratelimitbysize-", "", Window.UNKNOWN, now) : active;
        if (sameLimit(active, minute)) {
            minute = fill(minute, active);
            active = Counter.NONE;
        } else if (sameLimit(active, month)) {
            month = fill(month, active);
            active = Counter.NONE;
        }
        tokens.addAll(List.of(minute, month, active));
        // GitHub Models (429 only): which limit was hit and the seconds until it lifts.
        Optional<String> type = h.first("x-ratelimit-type").map(String::strip).filter(s -> !s.isEmpty());
        type.ifPresent(t -> (isTokens(t) ? tokens : requests).add(new Counter(OptionalLong.empty(), OptionalLong.of(0),
                h.first("x-ratelimit-timeremaining").flatMap(v -> Durations.reset(v, now)), windowOf(t))));
        // Cohere trial keys: per-minute endpoint calls and a monthly cap without a remaining count.
        requests.add(counter(h.first("x-trial-endpoint-call-limit"), h.first("x-trial-endpoint-call-remaining"),
                Optional.empty(), Window.MINUTE));
        requests.add(counter(h.first("x-endpoint-monthly-call-limit"), Optional.empty(), Optional.empty(), Window.MONTH));
        return new Parts(pick(requests, now), pick(tokens, now), type);
    }

    private static Parts fromBody(String text, Instant now) {
        JsonNode root = ErrorDecoder.root(text).orElse(MissingNode.getInstance());
        JsonNode err = root.path("error");
        Optional<String> limitType = bodyLimitType(text, root);
        Window window = limitType.map(RateLimitDecoder::windowOf).orElse(Window.UNKNOWN);
        boolean tokens = limitType.map(RateLimitDecoder::isTokens).orElse(false);
        JsonNode embedded = err.path("metadata").path("headers");
        Parts parts = new Parts(Counter.NONE, Counter.NONE, limitType);
        if (embedded.isObject()) {
            Map<String, List<String>> map = new LinkedHashMap<>();
            embedded.forEachEntry((k, v) -> map.put(k, List.of(ErrorDecoder.scalar(v))));
            parts = fromHeaders(new HeaderView(map), now, window).orElse(parts);
        }
        Counter stated = statedInProse(text, root, window, now);
        return parts.orElse(tokens ? new Parts(Counter.NONE, stated, limitType) : new Parts(stated, Counter.NONE, limitType));
    }

    /** Limits a 429 body spells out: GitHub "Rate limit of 50 per 86400s", Groq "(TPM): Limit 6000, Used 5975", Cohere, Gemini quotaValue. */
    private static Counter statedInProse(String text, JsonNode root, Window window, Instant now) {
        Optional<Instant> reset = RetryHints.prose(text).stream().max(Comparator.naturalOrder()).map(now::plus);
        Matcher m = GITHUB_LIMIT.matcher(text);
        if (m.find()) {
            long seconds = Long.parseLong(m.group(2).length() > 12 ? "0" : m.group(2));
            Window w = seconds >= 28 * 86_400 ? Window.MONTH : seconds >= 86_400 ? Window.DAY : seconds == 60 ? Window.MINUTE : window;
            return counter(Optional.of(m.group(1)), Optional.of("0"), reset, w);
        }
        m = GROQ_TYPE.matcher(text);
        if (m.find() && m.group(2) != null) {
            OptionalLong limit = number(m.group(2));
            OptionalLong used = number(m.group(3));
            OptionalLong remaining = limit.isPresent() && used.isPresent()
                    ? OptionalLong.of(Math.max(0, limit.getAsLong() - used.getAsLong())) : OptionalLong.empty();
            return new Counter(limit, remaining, reset, window);
        }
        m = COHERE_LIMIT.matcher(text);
        if (m.find()) {
            return counter(Optional.of(m.group(1)), Optional.of("0"), Optional.empty(), windowOf(m.group(2)));
        }
        m = SAMBANOVA_LIMIT.matcher(text);
        if (m.find()) {
            // SambaNova does not say whether the limit counts requests or tokens; read as requests, a
            // token budget taken for a request limit is only ever higher than the real request limit
            long seconds = Long.parseLong(m.group(1));
            Window w = seconds == 60 ? Window.MINUTE : seconds == 86_400 ? Window.DAY : Window.UNKNOWN;
            OptionalLong limit = number(m.group(3));
            OptionalLong used = number(m.group(2));
            if (w != Window.UNKNOWN && limit.isPresent() && used.isPresent()) {
                return new Counter(limit, OptionalLong.of(Math.max(0, limit.getAsLong() - used.getAsLong())), reset, w);
            }
        }
        for (JsonNode detail : root.path("error").path("details")) {
            for (JsonNode violation : detail.path("violations")) {
                String value = ErrorDecoder.scalar(violation.get("quotaValue"));
                if (!value.isEmpty()) {
                    return counter(Optional.of(value), Optional.of("0"), Optional.empty(), window);
                }
            }
        }
        return Counter.NONE;
    }

    /** The limit a body names: Gemini quotaId, GitHub UserByModelByDay, OpenRouter free-models-per-day, Groq TPM, Cohere. */
    static Optional<String> bodyLimitType(String text, JsonNode root) {
        for (JsonNode detail : root.path("error").path("details")) {
            for (JsonNode violation : detail.path("violations")) {
                String id = ErrorDecoder.scalar(violation.get("quotaId"));
                if (!id.isEmpty()) {
                    return Optional.of(id);
                }
            }
        }
        for (Pattern p : List.of(GITHUB_TYPE, OPENROUTER_TYPE, GROQ_TYPE)) {
            Matcher m = p.matcher(text);
            if (m.find()) {
                return Optional.of(m.group(1));
            }
        }
        Matcher cohere = COHERE_LIMIT.matcher(text);
        if (cohere.find()) {
            return Optional.of("API calls / " + cohere.group(2).toLowerCase(Locale.ROOT));
        }
        String source = ErrorDecoder.scalar(root.path("error").path("metadata").get("limit_source"));
        return source.isEmpty() ? Optional.empty() : Optional.of(source);
    }

    /** The window a limit name implies: {@code UserByModelByDay}, {@code ...PerMinute...}, {@code RPD}, {@code free-models-per-min}. */
    static Window windowOf(String limitName) {
        String s = limitName.toLowerCase(Locale.ROOT);
        if (s.contains("day") || s.contains("daily") || s.equals("rpd") || s.equals("tpd")) {
            return Window.DAY;
        }
        if (s.contains("month")) {
            return Window.MONTH;
        }
        if (s.contains("min") || s.equals("rpm") || s.endsWith("tpm")) {
            return Window.MINUTE;
        }
        return Window.UNKNOWN;
    }

    private static boolean isTokens(String limitName) {
        String s = limitName.toLowerCase(Locale.ROOT);
        return s.contains("token") || s.equals("tpd") || s.endsWith("tpm");
    }

    private static Counter read(HeaderView h, String prefix, String suffix, Window window, Instant now) {
        return counter(h.first(prefix + "limit" + suffix), h.first(prefix + "remaining" + suffix),
                h.first(prefix + "reset" + suffix).flatMap(v -> Durations.reset(v, now)), window);
    }

    private static Counter counter(Optional<String> limit, Optional<String> remaining, Optional<Instant> reset, Window window) {
        OptionalLong l = limit.map(RateLimitDecoder::number).orElse(OptionalLong.empty());
        // A limit of 0 is a placeholder (Azure sends -1/0), never a real budget.
        l = l.isPresent() && l.getAsLong() == 0 ? OptionalLong.empty() : l;
        return new Counter(l, remaining.map(RateLimitDecoder::number).orElse(OptionalLong.empty()), reset, window);
    }

    /** A non-negative count; decimals are floored; negatives, garbage and overflow are absent. */
    private static OptionalLong number(String text) {
        return Durations.decimal(text)
                .filter(d -> d.compareTo(java.math.BigDecimal.valueOf(Long.MAX_VALUE)) < 0)
                .map(d -> OptionalLong.of(d.longValue()))
                .orElse(OptionalLong.empty());
    }

    private static Counter pick(List<Counter> candidates, Instant now) {
        List<Counter> present = candidates.stream().filter(c -> !c.isEmpty()).toList();
        return present.stream().filter(Counter::exhausted)
                .max(Comparator.comparing((Counter c) -> c.resetOrGuess(now)))
                .or(() -> present.stream().findFirst())
                .orElse(Counter.NONE);
    }

    private static boolean sameLimit(Counter a, Counter b) {
        return a.limit.isPresent() && a.limit.equals(b.limit);
    }

    private static Counter fill(Counter target, Counter from) {
        return new Counter(target.limit, target.remaining.isPresent() ? target.remaining : from.remaining,
                target.reset.or(from::reset), target.window);
    }

    private static Map<String, Window> suffixes(String... names) {
        Map<String, Window> m = new LinkedHashMap<>();
        for (String n : names) {
            m.put(n, switch (n) {
                case "day" -> Window.DAY;
                case "minute" -> Window.MINUTE;
                case "month" -> Window.MONTH;
                default -> Window.UNKNOWN;
            });
        }
        return m;
    }
}
