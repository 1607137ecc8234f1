package dev.tollfree.server;

import io.helidon.common.uri.UriValidator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The per-request Host header check: the web server's (its URI validator on the host part, which
 * tries an IPv4 regular expression first, then the port parsed) against {@link HostHeader}'s walk
 * over the characters. In this package because {@code HostHeader} is package-private.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HostHeaderBenchmark {
    @Param({"127.0.0.1:8080", "localhost:8080"})
    public String host;

    private List<String> values;

    @org.openjdk.jmh.annotations.Setup
    public void setup() {
        values = List.of(host);
    }

    @Benchmark
    public int webServer() {
        String v = values.getFirst();
        int colon = v.lastIndexOf(':');
        UriValidator.validateNonIpLiteral(v.substring(0, colon));
        return Integer.parseInt(v.substring(colon + 1));
    }

    @Benchmark
    public Object tollfree() {
        return HostHeader.problem(values);
    }
}
