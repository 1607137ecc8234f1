package dev.tollfree.core.adapter;

import dev.tollfree.api.ChatRequest;
import dev.tollfree.api.Json;
import dev.tollfree.api.ReceivedJson;
import dev.tollfree.core.catalog.AuthStyle;
import dev.tollfree.core.catalog.Capability;
import dev.tollfree.core.catalog.Limits;
import dev.tollfree.core.catalog.ModelSpec;
import dev.tollfree.core.catalog.ProviderSpec;
import dev.tollfree.core.catalog.WireFormat;
import dev.tollfree.core.quota.TokenCounter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The request body path of one call: parse and validate the caller's JSON, rewrite it for the
 * provider ({@link RequestRewriter}, package-private, hence this package), serialise it. Lives in
 * the bench module under the adapter's package name.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RequestRewriteBenchmark {
    /**
     * small: two short messages (~300 B); large: a 40-turn conversation with one tool (~20 KB);
     * agent: a coding agent's turn, 24 tools with schemas and 30 turns of tool calls and results (~40 KB).
     */
    @Param({"small", "large", "agent"})
    public String body;

    private byte[] bytes;
    private ChatRequest parsed;
    private ProviderDescriptor mistral;
    private ModelSpec model;

    @Setup
    public void setup() {
        bytes = (switch (body) {
            case "small" -> small();
            case "large" -> large();
            default -> agent();
        }).getBytes(StandardCharsets.UTF_8);
        parsed = ChatRequest.parse(Json.parseObject(bytes));
        model = new ModelSpec("m1", "m1", 131_072, 8192, Set.of(Capability.TOOLS), Limits.NONE, 70, 50, true, true, List.of());
        mistral = Descriptors.of(new ProviderSpec("mistral", "Mistral", "http://127.0.0.1:1/v1", AuthStyle.BEARER, "", WireFormat.OPENAI,
                false, Limits.NONE, List.of(), false));
    }

    /** Json.parseObject plus ChatRequest.parse (the validator). */
    @Benchmark
    public Object parseAndValidate() {
        return ChatRequest.parse(Json.parseObject(bytes));
    }

    /** ChatRequest.parse alone (the validator) on a tree parsed once. */
    @Benchmark
    public Object validate() {
        return ChatRequest.parse(parsed.body());
    }

    /** The character estimate routing and reservations use (its tools' length counted once, at validation). */
    @Benchmark
    public long estimate() {
        return TokenCounter.estimate(parsed);
    }

    /** What the estimate did for its tools' length before, on every call: serialise the array. */
    @Benchmark
    public long toolsSerialised() {
        return parsed.body().path("tools").toString().length();
    }

    /** The same length counted by walking the tree ({@code Json.compactLength}), as validation now does once per request. */
    @Benchmark
    public long toolsWalked() {
        return Json.compactLength(parsed.body().path("tools"));
    }

    /** Rewrite for an OpenAI-compatible provider and serialise, from an already parsed request. */
    @Benchmark
    public byte[] rewriteOpenAi() {
        return Json.bytes(RequestRewriter.rewrite(parsed.body(), model, false, ProviderDescriptor.OPENAI));
    }

    /** The same written from the caller's bytes (a fresh member scan each time, as per request). */
    @Benchmark
    public byte[] rewriteOpenAiFromBytes() {
        return new ReceivedJson(bytes, parsed.body()).write(RequestRewriter.rewrite(parsed.body(), model, false, ProviderDescriptor.OPENAI));
    }

    /** The same with Mistral's policy (drops, a rename, nulls removed) and a stream. */
    @Benchmark
    public byte[] rewriteMistralStream() {
        return Json.bytes(RequestRewriter.rewrite(parsed.body(), model, true, mistral));
    }

    /** The whole body path: bytes in, validated, rewritten, bytes out. */
    @Benchmark
    public byte[] parseRewriteSerialise() {
        ChatRequest r = ChatRequest.parse(Json.parseObject(bytes));
        return Json.bytes(RequestRewriter.rewrite(r.body(), model, false, ProviderDescriptor.OPENAI));
    }

    /** The whole body path as the gateway runs it: unchanged members written from the caller's bytes. */
    @Benchmark
    public byte[] parseRewriteFromBytes() {
        ChatRequest r = ChatRequest.parse(bytes);
        return r.bytesOf(RequestRewriter.rewrite(r.body(), model, false, ProviderDescriptor.OPENAI));
    }

    private static String small() {
        return "{\"model\":\"auto\",\"messages\":[{\"role\":\"system\",\"content\":\"You are a terse assistant.\"},"
                + "{\"role\":\"user\",\"content\":\"Say hello in one short sentence, please.\"}],\"temperature\":0.2,\"max_tokens\":64,\"seed\":7}";
    }

    private static String large() {
        StringBuilder b = new StringBuilder("{\"model\":\"auto\",\"messages\":[{\"role\":\"system\",\"content\":\"You are a helpful assistant.\"}");
        for (int i = 0; i < 40; i++) {
            String role = i % 2 == 0 ? "user" : "assistant";
            b.append(",{\"role\":\"").append(role).append("\",\"content\":\"")
                    .append(("Turn " + i + " of a longer conversation about the benchmark, with some words to carry. ").repeat(5)).append("\"}");
        }
        b.append("],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"lookup\",\"description\":\"Look something up\",")
                .append("\"parameters\":{\"type\":\"object\",\"properties\":{\"q\":{\"type\":\"string\"}},\"required\":[\"q\"]}}}],")
                .append("\"temperature\":0.7,\"max_tokens\":512,\"seed\":7,\"user\":\"u1\",\"metadata\":null}");
        return b.toString();
    }

    private static String agent() {
        StringBuilder b = new StringBuilder("{\"model\":\"auto\",\"messages\":[{\"role\":\"system\",\"content\":\"You are a coding agent. Use the tools.\"}");
        for (int i = 0; i < 10; i++) {
            b.append(",{\"role\":\"user\",\"content\":\"Step ").append(i).append(": read the file and fix the failing test, please.\"}")
                    .append(",{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_").append(i)
                    .append("\",\"type\":\"function\",\"function\":{\"name\":\"read_file\",\"arguments\":\"{\\\"path\\\":\\\"src/main/App").append(i)
                    .append(".java\\\"}\"}}]}")
                    .append(",{\"role\":\"tool\",\"tool_call_id\":\"call_").append(i).append("\",\"content\":\"")
                    .append("public final class App { int value() { return 42; } } // line of source\\n".repeat(12)).append("\"}");
        }
        b.append("],\"tools\":[");
        for (int t = 0; t < 24; t++) {
            b.append(t == 0 ? "" : ",").append("{\"type\":\"function\",\"function\":{\"name\":\"tool_").append(t)
                    .append("\",\"description\":\"").append("Does one careful thing to the working tree and reports what it did. ".repeat(3))
                    .append("\",\"parameters\":{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\",\"description\":\"A path relative to the repository root\"},")
                    .append("\"content\":{\"type\":\"string\"},\"line\":{\"type\":\"integer\",\"minimum\":1},\"dry_run\":{\"type\":\"boolean\"}},")
                    .append("\"required\":[\"path\"],\"additionalProperties\":false}}}");
        }
        b.append("],\"tool_choice\":\"auto\",\"parallel_tool_calls\":true,\"temperature\":0,\"max_tokens\":4096,\"stream\":true}");
        return b.toString();
    }
}
