package dev.tollfree.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollfree.core.catalog.AuthStyle;
import dev.tollfree.core.catalog.ModelSpec;
import dev.tollfree.core.catalog.ProviderSpec;
import dev.tollfree.core.catalog.WireFormat;
import dev.tollfree.testkit.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionAffinityTest {
    final ManualClock clock = ManualClock.at("2026-11-22T10:00:00Z");
    final SessionAffinity affinity = new SessionAffinity(clock, Duration.ofMinutes(30), 3);
    final Route a = route("a");
    final Route b = route("b");
    final Route c = route("c");

    private static Route route(String provider) {
        ModelSpec m = new ModelSpec("m", null, 8192, 0, Set.of(), null, 50, 50, true, true, List.of());
        ProviderSpec p = new ProviderSpec(provider, provider, "http://127.0.0.1:1", AuthStyle.NONE, "", WireFormat.OPENAI, true, null, List.of(m), true);
        return new Route(p, m, List.of(KeyRef.anonymous(provider)));
    }

    @Test
    void key_prefersTheSessionHeader_elseHashesTheFirstUserMessage() {
        assertThat(SessionAffinity.key(Optional.of(" s1 "), "hello", false)).contains("id:s1");
        assertThat(SessionAffinity.key(Optional.empty(), "hello", true)).get().asString().startsWith("msg:").doesNotContain("hello");
        assertThat(SessionAffinity.key(Optional.empty(), "", true)).isEmpty();
    }

    @Test
    void rememberedRoute_goesFirst_whileItIsACandidate_untilTheTtlPasses() {
        Optional<String> key = Optional.of("id:s1");
        affinity.remember(key, b);
        assertThat(affinity.order(List.of(a, b, c), key, true)).containsExactly(b, a, c);
        assertThat(affinity.order(List.of(a, c), key, true)).containsExactly(a, c);
        assertThat(affinity.order(List.of(a, b, c), key, false)).as("not under way yet").containsExactly(a, b, c);
        clock.advance(Duration.ofMinutes(31));
        assertThat(affinity.order(List.of(a, b, c), key, true)).containsExactly(a, b, c);
    }

    @Test
    void memoryIsBounded() {
        for (int i = 0; i < 10; i++) {
            affinity.remember(Optional.of("id:" + i), a);
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(affinity.size()).isLessThanOrEqualTo(3);
    }

    @Test
    void disabled_changesNothing() {
        SessionAffinity off = SessionAffinity.disabled(clock);
        off.remember(Optional.of("id:s"), b);
        assertThat(off.order(List.of(a, b), Optional.of("id:s"), true)).containsExactly(a, b);
    }
}
