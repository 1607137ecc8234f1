package dev.tollfree.core.adapter.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollfree.testkit.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SignatureCacheTest {
    private final ManualClock clock = ManualClock.at("2026-03-01T12:00:00Z");
    private final SignatureCache cache = new SignatureCache(clock);

    @Test
    void signature_isKeptForThirtyMinutes() {
        cache.put("call_1", "sig");
        clock.advance(Duration.ofMinutes(29));
        assertThat(cache.get("call_1")).contains("sig");
        clock.advance(Duration.ofMinutes(1));
        assertThat(cache.get("call_1")).isEmpty();
    }

    @Test
    void cache_isBounded_oldestGoFirst() {
        for (int i = 0; i <= SignatureCache.MAX_ENTRIES; i++) {
            cache.put("call_" + i, "s" + i);
        }
        assertThat(cache.get("call_0")).isEmpty();
        assertThat(cache.get("call_1")).contains("s1");
        assertThat(cache.get("call_" + SignatureCache.MAX_ENTRIES)).contains("s" + SignatureCache.MAX_ENTRIES);
    }

    @Test
    void emptyIdsAndSignatures_areNotStored() {
        cache.put("", "sig");
        cache.put("call_2", "");
        assertThat(cache.get("")).isEmpty();
        assertThat(cache.get("call_2")).isEmpty();
    }
}
