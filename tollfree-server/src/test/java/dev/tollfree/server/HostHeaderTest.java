package dev.tollfree.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class HostHeaderTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:8080", "127.0.0.1", "localhost", "localhost:4000", "gateway.example.com",
            "xn--bcher-kva.example:443", "[::1]", "[::1]:443", "[2001:db8::7]:80", "[v1.fe80::a+en1]", "a%41b",
            "host:0", "host:65535", "under_score.local", "999.999.999.999"})
    void problem_validHost_isNull(String host) {
        assertThat(HostHeader.problem(List.of(host))).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":8080", "host:", "host:abc", "host:65536", "host:123456", "host:-1", "[::1",
            "[]", "[::1]x", "[::1]:", "[::1]:http", "ho st", "h/st", "user@host", "bücher.example", "a%4", "a%zz",
            "host:80:90", "[::1]/x", "host\t"})
    void problem_malformedHost_isNamed(String host) {
        assertThat(HostHeader.problem(List.of(host))).isNotBlank();
    }

    @Test
    void problem_missingOrRepeated_isNamed() {
        assertThat(HostHeader.problem(List.of())).contains("must carry one");
        assertThat(HostHeader.problem(List.of("a", "a"))).contains("only one");
    }
}
