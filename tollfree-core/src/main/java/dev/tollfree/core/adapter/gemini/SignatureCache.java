package dev.tollfree.core.adapter.gemini;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Thought signatures by tool-call id. Gemini 3 rejects a replayed function call without the
 * signature it was sent with, and OpenAI-shaped clients usually drop the
 * {@code extra_content.google.thought_signature} field we expose, so the adapter remembers the
 * signatures of the calls it handed out for a while. Bounded in size and age; thread-safe.
 */
final class SignatureCache {
    static final Duration TTL = Duration.ofMinutes(30);
    static final int MAX_ENTRIES = 10_000;

    private record Entry(String signature, Instant expires) {}

    private final InstantSource clock;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(); // guarded by this

    SignatureCache(InstantSource clock) {
        this.clock = clock;
    }

    synchronized void put(String toolCallId, String signature) {
        if (toolCallId.isEmpty() || signature.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        entries.remove(toolCallId);
        entries.put(toolCallId, new Entry(signature, now.plus(TTL)));
        Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
        while (it.hasNext()) { // oldest first: drop the expired ones and any beyond the bound
            Map.Entry<String, Entry> e = it.next();
            if (entries.size() > MAX_ENTRIES || !e.getValue().expires().isAfter(now)) {
                it.remove();
            } else {
                break;
            }
        }
    }

    synchronized Optional<String> get(String toolCallId) {
        Entry e = entries.get(toolCallId);
        if (e == null || !e.expires().isAfter(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(e.signature());
    }
}
