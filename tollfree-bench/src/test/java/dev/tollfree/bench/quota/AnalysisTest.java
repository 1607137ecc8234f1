package dev.tollfree.bench.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AnalysisTest {
    private static final List<FakeProvider.Seen> SEEN = List.of(seen(RollingWindow.Hit.NONE), seen(RollingWindow.Hit.NONE),
            seen(RollingWindow.Hit.REQUESTS), seen(RollingWindow.Hit.NONE));

    @Test
    void knownFrom_theStart_whenTheConfigIsRight() {
        assertThat(Analysis.knownFrom(true, false, Dialect.BARE_429, SEEN)).isZero();
    }

    @Test
    void knownFrom_afterTheFirstResponse_whenEveryResponseStatesTheLimit() {
        assertThat(Analysis.knownFrom(false, true, Dialect.OPENAI_HEADERS, SEEN)).isEqualTo(1);
    }

    @Test
    void knownFrom_afterTheFirst429_whenOnlyA429StatesIt() {
        assertThat(Analysis.knownFrom(false, true, Dialect.GEMINI_RETRY_INFO, SEEN)).isEqualTo(3);
    }

    @Test
    void knownFrom_never_whenTheGatewayDidNotLearnIt() {
        assertThat(Analysis.knownFrom(false, false, Dialect.OPENAI_HEADERS, SEEN)).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void learnedRpm_readsTheModelRowsOfApiQuota() {
        String json = """
                {"object":"list","data":[
                  {"provider":"fake-groq","key":"fake-groq#anon","model":"","rpm":{"used":5,"limit":0,"configured":0,"learned":0}},
                  {"provider":"fake-groq","key":"fake-groq#anon","model":"llama-3.1-8b-instant","rpm":{"used":5,"limit":30,"configured":0,"learned":30}},
                  {"provider":"fake-gemini","key":"fake-gemini#anon","model":"gemini-3.1-flash-lite","rpm":{"used":1,"limit":0,"configured":0,"learned":0}}]}
                """;

        assertThat(Analysis.learnedRpm(json)).containsExactly(java.util.Map.entry("fake-groq/llama-3.1-8b-instant", 30L));
        assertThat(Analysis.learnedRpm("not json")).isEmpty();
    }

    private static FakeProvider.Seen seen(RollingWindow.Hit hit) {
        return new FakeProvider.Seen(0, hit);
    }
}
