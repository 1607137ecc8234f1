package dev.tollfree.bench;

import dev.tollfree.api.ChatRequest;
import dev.tollfree.api.Json;
import dev.tollfree.core.catalog.Catalog;
import dev.tollfree.core.catalog.ProviderSpec;
import dev.tollfree.core.catalog.WireFormat;
import dev.tollfree.core.routing.RouteTable;
import dev.tollfree.core.routing.RouteTableBuilder;
import dev.tollfree.core.routing.Router;
import dev.tollfree.core.store.ProviderKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Candidate selection over the built-in catalog with a key for every provider (every model
 * servable): {@code auto} walks the whole chain, a canonical name selects across providers.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RouterBenchmark {
    private static final Set<WireFormat> SUPPORTED = EnumSet.of(WireFormat.OPENAI, WireFormat.GEMINI);

    private Catalog catalog;
    private List<ProviderKey> keys;
    private RouteTable table;
    private ChatRequest auto;
    private ChatRequest pinned;
    private ChatRequest tools;

    @Setup
    public void setup() {
        catalog = Catalog.builtIn();
        keys = new ArrayList<>();
        long id = 1;
        for (ProviderSpec p : catalog.providers()) {
            keys.add(new ProviderKey(id++, p.id(), "key-1", "sealed", "…abcd", true, "config", Instant.EPOCH, Optional.empty()));
        }
        table = RouteTableBuilder.build(catalog, keys, List.of(), List.of(), SUPPORTED);
        auto = request("auto", "");
        pinned = request("llama-3.3-70b", "");
        tools = request("auto", ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":{\"type\":\"object\"}}}]");
    }

    private static ChatRequest request(String model, String extra) {
        return ChatRequest.parse(Json.parseObject(("{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello.\"}]"
                + extra + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** Routes in the table, for the report. */
    public int routes() {
        return table.chain().size();
    }

    @Benchmark
    public Object candidatesAuto() {
        return Router.candidates(auto, table);
    }

    @Benchmark
    public Object candidatesPinned() {
        return Router.candidates(pinned, table);
    }

    @Benchmark
    public Object candidatesAutoWithTools() {
        return Router.candidates(tools, table);
    }

    /** Rebuilding the table (after a key, model or chain change), for scale. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Object buildTable() {
        return RouteTableBuilder.build(catalog, keys, List.of(), List.of(), SUPPORTED);
    }
}
