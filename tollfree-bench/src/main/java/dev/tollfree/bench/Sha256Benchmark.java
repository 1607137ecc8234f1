package dev.tollfree.bench;

import dev.tollfree.api.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The hash every request takes twice (its gateway key, and the first user message for session
 * affinity): the digest alone, {@link Sha256#hex} ({@code HexFormat}), and a hand-written
 * table hex of the same digest, to tell whether the hex is worth writing by hand.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class Sha256Benchmark {
    private static final byte[] DIGITS = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);
    private final String key = "tf-" + "0123456789abcdef".repeat(3);

    @Benchmark
    public byte[] digest() {
        return Sha256.of(key);
    }

    @Benchmark
    public String hex() {
        return Sha256.hex(key);
    }

    @Benchmark
    public String tableHex() {
        byte[] hash = Sha256.of(key);
        byte[] out = new byte[hash.length * 2];
        for (int i = 0; i < hash.length; i++) {
            out[2 * i] = DIGITS[(hash[i] >> 4) & 0xf];
            out[2 * i + 1] = DIGITS[hash[i] & 0xf];
        }
        return new String(out, StandardCharsets.ISO_8859_1);
    }
}
