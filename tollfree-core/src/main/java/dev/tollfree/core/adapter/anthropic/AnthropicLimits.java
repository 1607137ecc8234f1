package dev.tollfree.core.adapter.anthropic;

import dev.tollfree.core.adapter.HeaderView;
import dev.tollfree.core.adapter.RateLimitDecoder;
import dev.tollfree.core.adapter.RateLimitSnapshot;
import dev.tollfree.core.adapter.RateLimitSnapshot.Window;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Anthropic's {@code anthropic-ratelimit-*} headers as a {@link RateLimitSnapshot}. Each counter
 * comes as {@code -limit}, {@code -remaining} and {@code -reset} (an RFC 3339 time); all windows
 * are per minute. Requests are {@code requests-*}. Tokens are one of {@code tokens-*},
 * {@code input-tokens-*} and {@code output-tokens-*}: an exhausted one wins (the latest reset
 * among exhausted ones), otherwise the first present in that order. A server that sends none of
 * them but the common {@code x-ratelimit-*} dialect is read by the shared decoder instead.
 */
final class AnthropicLimits {
    private static final String PREFIX = "anthropic-ratelimit-";
    private static final List<String> TOKEN_COUNTERS = List.of("tokens", "input-tokens", "output-tokens");

    private record Counter(OptionalLong limit, OptionalLong remaining, Optional<Instant> reset) {
        boolean isEmpty() {
            return limit.isEmpty() && remaining.isEmpty() && reset.isEmpty();
        }

        boolean exhausted() {
            return remaining.isPresent() && remaining.getAsLong() == 0;
        }
    }

    private AnthropicLimits() {}

    static RateLimitSnapshot decode(HeaderView headers, Instant now) {
        Counter requests = counter(headers, "requests");
        Counter tokens = null;
        for (String name : TOKEN_COUNTERS) {
            Counter c = counter(headers, name);
            if (c.isEmpty()) {
                continue;
            }
            if (tokens == null || c.exhausted() && (!tokens.exhausted() || later(c, tokens))) {
                tokens = c;
            }
        }
        if (requests.isEmpty() && tokens == null) {
            return RateLimitDecoder.decode(headers, now);
        }
        Counter t = tokens == null ? new Counter(OptionalLong.empty(), OptionalLong.empty(), Optional.empty()) : tokens;
        return new RateLimitSnapshot(
                requests.limit(), requests.remaining(), requests.reset(), requests.isEmpty() ? Window.UNKNOWN : Window.MINUTE,
                t.limit(), t.remaining(), t.reset(), tokens == null ? Window.UNKNOWN : Window.MINUTE,
                Optional.empty());
    }

    /** The wait until an exhausted counter resets (the later of the two), when the headers say one is exhausted. */
    static Optional<Duration> exhaustedReset(RateLimitSnapshot s, Instant now) {
        Optional<Instant> at = Optional.empty();
        if (s.requestsRemaining().isPresent() && s.requestsRemaining().getAsLong() == 0) {
            at = s.requestsReset();
        }
        if (s.tokensRemaining().isPresent() && s.tokensRemaining().getAsLong() == 0 && s.tokensReset().isPresent()
                && (at.isEmpty() || s.tokensReset().get().isAfter(at.get()))) {
            at = s.tokensReset();
        }
        return at.map(i -> i.isAfter(now) ? Duration.between(now, i) : Duration.ZERO);
    }

    private static boolean later(Counter a, Counter b) {
        return a.reset().isPresent() && (b.reset().isEmpty() || a.reset().get().isAfter(b.reset().get()));
    }

    private static Counter counter(HeaderView headers, String name) {
        return new Counter(number(headers, PREFIX + name + "-limit"), number(headers, PREFIX + name + "-remaining"),
                headers.first(PREFIX + name + "-reset").flatMap(AnthropicLimits::instant));
    }

    private static OptionalLong number(HeaderView headers, String name) {
        Optional<String> v = headers.first(name).map(String::strip);
        if (v.isEmpty() || v.get().isEmpty() || v.get().length() > 18 || !v.get().chars().allMatch(Character::isDigit)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(v.get()));
    }

    private static Optional<Instant> instant(String text) {
        try {
            return Optional.of(OffsetDateTime.parse(text.strip()).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
