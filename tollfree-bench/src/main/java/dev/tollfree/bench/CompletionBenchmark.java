package dev.tollfree.bench;

import dev.tollfree.api.Json;
import dev.tollfree.core.adapter.CompletionScan;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import tools.jackson.databind.JsonNode;

/**
 * A non-streaming answer that needs no change (the fake upstream's): parsed to a tree, as every
 * answer was before, against the token scan that now decides alone whether it goes on as sent and
 * reads its usage on the way.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CompletionBenchmark {
    private final byte[] answer = WireBodies.completion();

    /** The tree the answer used to be read into (its checks and usage read after it not counted). */
    @Benchmark
    public JsonNode tree() {
        return Json.tryParse(answer).orElseThrow();
    }

    @Benchmark
    public Object scan() {
        return CompletionScan.passThrough(answer);
    }
}
