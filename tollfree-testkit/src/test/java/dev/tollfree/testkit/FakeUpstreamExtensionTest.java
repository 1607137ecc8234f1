package dev.tollfree.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.Socket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FakeUpstreamExtension.class)
class FakeUpstreamExtensionTest {
    private static FakeUpstream injected;

    @Test
    void injectsAStartedFake_andTwoParametersGetTwoFakes(FakeUpstream a, FakeUpstream b) throws Exception {
        injected = a;
        assertThat(a.port()).isNotEqualTo(b.port());
        new Socket("127.0.0.1", a.port()).close();
    }

    @AfterAll
    static void theFakeWasClosedAfterTheTest() {
        assertThat(injected).isNotNull();
        assertThatThrownBy(() -> new Socket("127.0.0.1", injected.port()).close()).isInstanceOf(ConnectException.class);
    }
}
