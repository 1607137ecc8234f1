package dev.tollfree.core.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestIdsTest {

    @Test
    void anIdIsThePrefixTheTimeAndTwelveRandomHexDigits() {
        Instant at = Instant.parse("2026-12-07T09:30:00.123Z");
        String id = RequestIds.next(at);

        assertThat(id).matches("req_[0-9a-f]{24}");
        assertThat(Long.parseLong(id.substring(4, 16), 16)).isEqualTo(at.toEpochMilli());
    }

    @Test
    void idsMadeLaterSortAfterIdsMadeEarlier() {
        Instant start = Instant.parse("2026-12-07T00:00:00Z");
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            made.add(RequestIds.next(start.plusMillis(i * 37L)));
        }

        assertThat(made).isSorted();
    }

    @Test
    void idsOfTheSameMillisecondDiffer() {
        Instant at = Instant.parse("2026-12-07T00:00:00Z");
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(RequestIds.next(at));
        }

        assertThat(ids).hasSize(10_000);
    }

    @Test
    void theTimeKeepsItsWidthAtBothEndsOfItsRange() {
        assertThat(RequestIds.next(Instant.EPOCH)).startsWith("req_000000000000").hasSize(28);
        assertThat(RequestIds.next(Instant.ofEpochMilli(0xFFFF_FFFF_FFFFL))).startsWith("req_ffffffffffff").hasSize(28);
        assertThatThrownBy(() -> RequestIds.next(Instant.EPOCH.minusMillis(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RequestIds.next(Instant.ofEpochMilli(0x1_0000_0000_0000L))).isInstanceOf(IllegalArgumentException.class);
    }
}
