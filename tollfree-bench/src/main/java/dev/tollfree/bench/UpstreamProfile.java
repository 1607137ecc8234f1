package dev.tollfree.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the fake upstream answers, chosen by the path, so one server can play every provider of a
 * scenario (the gateway's base URLs differ only in their prefix):
 * <ul>
 *   <li>{@code /v1/chat/completions}: 200 after the default latency; streamed when the body asks;</li>
 *   <li>{@code /delay-<ms>/v1/...}: the same after {@code ms} milliseconds;</li>
 *   <li>{@code /fail-429/v1/...}: 429 at once with {@code Retry-After: 0}, so the gateway fails over on every request;</li>
 *   <li>{@code /fail-503/v1/...}: 503 at once;</li>
 *   <li>{@code .../v1/models}: the model list.</li>
 * </ul>
 *
 * @param latency default time before the status line
 * @param chunks  content chunks of a streamed answer
 * @param gap     pause between two streamed events
 */
record UpstreamProfile(Duration latency, int chunks, Duration gap) {
    UpstreamProfile {
        if (latency.isNegative() || gap.isNegative()) {
            throw new IllegalArgumentException("latency and gap cannot be negative");
        }
        if (chunks < 1) {
            throw new IllegalArgumentException("a stream needs at least one chunk, got " + chunks);
        }
    }

    /** One decided answer. {@code events} is empty for a plain JSON answer. */
    record Reply(int status, String reason, byte[] body, List<byte[]> events, long delayNanos, long gapNanos, Map<String, String> headers) {
        boolean streamed() {
            return !events.isEmpty();
        }
    }

    /** Answers by path and stream flag; cached, since a run uses a handful of paths. */
    static final class Router {
        private static final byte[] COMPLETION = WireBodies.completion();
        private static final byte[] MODELS = WireBodies.models();
        private final UpstreamProfile profile;
        private final List<byte[]> events;
        private final Map<String, Reply> cache = new ConcurrentHashMap<>();

        Router(UpstreamProfile profile) {
            this.profile = profile;
            this.events = List.copyOf(WireBodies.streamEvents(profile.chunks()));
        }

        Reply reply(String method, String path, boolean stream) {
            String key = (stream ? "S" : "J") + method + path;
            Reply r = cache.get(key);
            if (r == null) {
                r = decide(method, path, stream);
                if (cache.size() < 1000) {
                    cache.put(key, r);
                }
            }
            return r;
        }

        private Reply decide(String method, String path, boolean stream) {
            int q = path.indexOf('?');
            String p = q >= 0 ? path.substring(0, q) : path;
            long delay = profile.latency().toNanos();
            String prefix = "";
            int v1 = p.indexOf("/v1/");
            if (v1 > 0) {
                prefix = p.substring(1, v1);
                p = p.substring(v1);
            }
            if (prefix.startsWith("delay-")) {
                delay = Duration.ofMillis(Long.parseLong(prefix.substring(6))).toNanos();
            } else if (prefix.equals("fail-429")) {
                return new Reply(429, "Too Many Requests", WireBodies.rateLimited(), List.of(), 0, 0, Map.of("Retry-After", "0"));
            } else if (prefix.equals("fail-503")) {
                return new Reply(503, "Service Unavailable", WireBodies.unavailable(), List.of(), 0, 0, Map.of());
            } else if (!prefix.isEmpty()) {
                return new Reply(404, "Not Found", WireBodies.notFound(), List.of(), 0, 0, Map.of());
            }
            if (p.equals("/v1/models") && method.equals("GET")) {
                return new Reply(200, "OK", MODELS, List.of(), 0, 0, Map.of());
            }
            if (p.equals("/v1/chat/completions") && method.equals("POST")) {
                return stream ? new Reply(200, "OK", new byte[0], events, delay, profile.gap().toNanos(), Map.of())
                        : new Reply(200, "OK", COMPLETION, List.of(), delay, 0, Map.of());
            }
            return new Reply(404, "Not Found", WireBodies.notFound(), List.of(), 0, 0, Map.of());
        }
    }

    /** True when a JSON request body asks for a stream ({@code "stream":true}, with or without a space). */
    static boolean wantsStream(byte[] body, int length) {
        for (int i = 0; i + 8 <= length; i++) {
            if (body[i] == '"' && body[i + 1] == 's' && body[i + 2] == 't' && body[i + 3] == 'r' && body[i + 4] == 'e'
                    && body[i + 5] == 'a' && body[i + 6] == 'm' && body[i + 7] == '"') {
                int j = i + 8;
                while (j < length && (body[j] == ' ' || body[j] == ':')) {
                    j++;
                }
                return j < length && body[j] == 't';
            }
        }
        return false;
    }

    /** Sleeps on the calling (virtual) thread; zero returns at once. */
    static void pause(long nanos) {
        if (nanos <= 0) {
            return;
        }
        try {
            Thread.sleep(Duration.ofNanos(nanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
