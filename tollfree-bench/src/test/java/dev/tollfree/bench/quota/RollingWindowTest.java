package dev.tollfree.bench.quota;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RollingWindowTest {

    @Test
    void requestLimit_refusesTheExtraRequest_untilTheOldestIsSixtySecondsOld() {
        RollingWindow w = new RollingWindow(2, 0);
        assertThat(w.admit(1_000, 10, 10).admitted()).isTrue();
        assertThat(w.admit(5_000, 10, 10).admitted()).isTrue();

        RollingWindow.Verdict refused = w.admit(30_000, 10, 10);
        assertThat(refused.hit()).isEqualTo(RollingWindow.Hit.REQUESTS);
        assertThat(refused.retryAfterMs()).isEqualTo(31_000);
        assertThat(w.admit(60_999, 10, 10).admitted()).as("59.999 s after the first").isFalse();
        assertThat(w.admit(61_000, 10, 10).admitted()).as("60 s after the first").isTrue();
    }

    @Test
    void tokenLimit_checksPromptPlusMaxTokens_butKeepsOnlyWhatWasCharged() {
        RollingWindow w = new RollingWindow(0, 1_000);
        RollingWindow.Verdict first = w.admit(0, 900, 300);
        assertThat(first.admitted()).isTrue();
        assertThat(first.tokensUsed()).isEqualTo(300);

        RollingWindow.Verdict second = w.admit(1_000, 800, 200);
        assertThat(second.hit()).isEqualTo(RollingWindow.Hit.TOKENS);
        assertThat(second.retryAfterMs()).isEqualTo(59_000);
        assertThat(w.admit(1_000, 700, 200).admitted()).isTrue();
    }

    @Test
    void refusedRequests_countNothing_andResetIsUntilTheNewestAgesOut() {
        RollingWindow w = new RollingWindow(1, 0);
        w.admit(0, 1, 1);
        w.admit(10_000, 1, 1);
        RollingWindow.Verdict v = w.admit(20_000, 1, 1);
        assertThat(v.requestsUsed()).isEqualTo(1);
        assertThat(v.requestsFullMs()).isEqualTo(40_000);
    }

    @Test
    void goDurations_lookLikeOpenAis() {
        assertThat(Dialect.goDuration(825)).isEqualTo("825ms");
        assertThat(Dialect.goDuration(7_660)).isEqualTo("7.66s");
        assertThat(Dialect.goDuration(86_400)).isEqualTo("1m26.4s");
        assertThat(Dialect.goDuration(60_000)).isEqualTo("1m0s");
        assertThat(Dialect.seconds(1)).isEqualTo(1);
        assertThat(Dialect.seconds(1_001)).isEqualTo(2);
    }
}
