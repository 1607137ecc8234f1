package dev.tollfree.core.routing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sticky sessions: a conversation stays on the route that served it, for {@code ttl} after its
 * last use, as long as that route is still a candidate. The conversation is named by the caller's
 * {@code X-Session-Id}, or else by a hash of its first user message; without an explicit id,
 * stickiness starts once an assistant turn exists. Bounded: the oldest entries go first.
 */
public final class SessionAffinity {
    private final InstantSource clock;
    private final Duration ttl;
    private final int maxEntries;
    private final Map<String, Entry> sessions = new ConcurrentHashMap<>();

    private record Entry(String route, Instant expires) {}

    public SessionAffinity(InstantSource clock, Duration ttl, int maxEntries) {
        this.clock = clock;
        this.ttl = ttl;
        this.maxEntries = maxEntries;
    }

    public static SessionAffinity disabled(InstantSource clock) {
        return new SessionAffinity(clock, Duration.ZERO, 0);
    }

    public boolean enabled() {
        return !ttl.isZero() && maxEntries > 0;
    }

    /** The session key of a request, if it has one worth remembering. */
    public static Optional<String> key(Optional<String> sessionHeader, String firstUserText, boolean hasAssistantTurn) {
        if (sessionHeader.isPresent() && !sessionHeader.get().isBlank()) {
            return Optional.of("id:" + sessionHeader.get().strip());
        }
        if (firstUserText.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("msg:" + sha256(firstUserText));
    }

    /** Candidates with the remembered route first (when it is still among them and the conversation is under way). */
    public List<Route> order(List<Route> candidates, Optional<String> key, boolean explicitOrUnderWay) {
        if (!enabled() || key.isEmpty() || !explicitOrUnderWay) {
            return candidates;
        }
        Entry e = sessions.get(key.get());
        if (e == null || !e.expires().isAfter(clock.instant())) {
            return candidates;
        }
        List<Route> out = new ArrayList<>(candidates.size());
        for (Route r : candidates) {
            if (r.name().equals(e.route())) {
                out.add(r);
            }
        }
        if (out.isEmpty()) {
            return candidates; // the model it was on cannot serve this request: fail over as usual
        }
        for (Route r : candidates) {
            if (!r.name().equals(e.route())) {
                out.add(r);
            }
        }
        return out;
    }

    public void remember(Optional<String> key, Route served) {
        if (!enabled() || key.isEmpty()) {
            return;
        }
        if (sessions.size() >= maxEntries) {
            evict();
        }
        sessions.put(key.get(), new Entry(served.name(), clock.instant().plus(ttl)));
    }

    private void evict() {
        Instant now = clock.instant();
        sessions.values().removeIf(e -> !e.expires().isAfter(now));
        if (sessions.size() >= maxEntries) {
            // still full of live sessions: drop the ones closest to expiry
            sessions.entrySet().stream()
                    .sorted(Map.Entry.comparingByValue((a, b) -> a.expires().compareTo(b.expires())))
                    .limit(Math.max(1, maxEntries / 10))
                    .map(Map.Entry::getKey)
                    .toList()
                    .forEach(sessions::remove);
        }
    }

    public int size() {
        return sessions.size();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
