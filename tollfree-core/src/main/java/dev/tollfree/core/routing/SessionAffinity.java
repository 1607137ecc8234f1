package dev.tollfree.core.routing;

import dev.tollfree.api.Sha256;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
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
    private final Memory memory;

    /**
     * Where the route of each conversation is kept: in this process, or shared by every gateway.
     * Implementations are thread-safe and forget an entry once it has expired.
     */
    public interface Memory {
        /** The route remembered for {@code session}, while it has not expired. */
        Optional<String> route(String session);

        /** Remembers {@code route} for {@code session} until {@code expires}. */
        void remember(String session, String route, Instant expires);

        /** How many conversations are held in this process. */
        int size();
    }

    /** Sticky sessions kept in this process, at most {@code maxEntries} of them. */
    public SessionAffinity(InstantSource clock, Duration ttl, int maxEntries) {
        this(clock, ttl, maxEntries > 0 ? new LocalMemory(clock, maxEntries) : null);
    }

    /** Sticky sessions kept in {@code memory}; a null memory turns them off. */
    public SessionAffinity(InstantSource clock, Duration ttl, Memory memory) {
        this.clock = clock;
        this.ttl = ttl;
        this.memory = memory;
    }

    /** A memory of at most {@code maxEntries} conversations in this process. */
    public static Memory localMemory(InstantSource clock, int maxEntries) {
        return new LocalMemory(clock, maxEntries);
    }

    public static SessionAffinity disabled(InstantSource clock) {
        return new SessionAffinity(clock, Duration.ZERO, (Memory) null);
    }

    public boolean enabled() {
        return !ttl.isZero() && memory != null;
    }

    /** The session key of a request, if it has one worth remembering. */
    public static Optional<String> key(Optional<String> sessionHeader, String firstUserText, boolean hasAssistantTurn) {
        if (sessionHeader.isPresent() && !sessionHeader.get().isBlank()) {
            return Optional.of("id:" + sessionHeader.get().strip());
        }
        if (firstUserText.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("msg:" + Sha256.hex(firstUserText));
    }

    /** Candidates with the remembered route first (when it is still among them and the conversation is under way). */
    public List<Route> order(List<Route> candidates, Optional<String> key, boolean explicitOrUnderWay) {
        if (!enabled() || key.isEmpty() || !explicitOrUnderWay) {
            return candidates;
        }
        Optional<String> remembered = memory.route(key.get());
        if (remembered.isEmpty()) {
            return candidates;
        }
        String route = remembered.get();
        List<Route> out = new ArrayList<>(candidates.size());
        for (Route r : candidates) {
            if (r.name().equals(route)) {
                out.add(r);
            }
        }
        if (out.isEmpty()) {
            return candidates; // the model it was on cannot serve this request: fail over as usual
        }
        for (Route r : candidates) {
            if (!r.name().equals(route)) {
                out.add(r);
            }
        }
        return out;
    }

    public void remember(Optional<String> key, Route served) {
        if (!enabled() || key.isEmpty()) {
            return;
        }
        memory.remember(key.get(), served.name(), clock.instant().plus(ttl));
    }

    public int size() {
        return memory == null ? 0 : memory.size();
    }

    /** Conversations of this process in a bounded map: expired ones go first, then those closest to expiry. */
    static final class LocalMemory implements Memory {
        private record Entry(String route, Instant expires) {}

        private final InstantSource clock;
        private final int maxEntries;
        private final Map<String, Entry> sessions = new ConcurrentHashMap<>();

        LocalMemory(InstantSource clock, int maxEntries) {
            this.clock = clock;
            this.maxEntries = maxEntries;
        }

        @Override
        public Optional<String> route(String session) {
            Entry e = sessions.get(session);
            return e == null || !e.expires().isAfter(clock.instant()) ? Optional.empty() : Optional.of(e.route());
        }

        @Override
        public void remember(String session, String route, Instant expires) {
            if (sessions.size() >= maxEntries) {
                evict();
            }
            sessions.put(session, new Entry(route, expires));
        }

        @Override
        public int size() {
            return sessions.size();
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
    }
}
