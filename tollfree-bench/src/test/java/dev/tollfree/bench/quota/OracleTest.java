package dev.tollfree.bench.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OracleTest {
    private static final FakeSpec BEST = new FakeSpec("best", "m", 90, 2, 0, Dialect.OPENAI_HEADERS, "test");
    private static final FakeSpec NEXT = new FakeSpec("next", "m", 50, 1, 0, Dialect.BARE_429, "test");

    @Test
    void assign_fillsTheBestRankFirst_thenTheNext_thenNothing() {
        List<Oracle.Arrival> a = List.of(arrival(0), arrival(1_000), arrival(2_000), arrival(3_000));

        int[] got = Oracle.assign(a, List.of(NEXT, BEST), Oracle.Window.EXACT);

        assertThat(got).containsExactly(1, 1, 0, -1);
    }

    @Test
    void secondBuckets_holdACountUpToOneSecondLongerThanTheExactMinute() {
        List<Oracle.Arrival> a = new ArrayList<>(List.of(arrival(500), arrival(600), arrival(60_700)));

        assertThat(Oracle.assign(a, List.of(BEST), Oracle.Window.EXACT)).containsExactly(0, 0, 0);
        assertThat(Oracle.assign(a, List.of(BEST), Oracle.Window.SECOND_BUCKETS)).containsExactly(0, 0, -1);
    }

    private static Oracle.Arrival arrival(long at) {
        return new Oracle.Arrival(at, 10, 10);
    }
}
