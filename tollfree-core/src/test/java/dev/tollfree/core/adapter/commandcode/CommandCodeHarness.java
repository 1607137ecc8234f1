package dev.tollfree.core.adapter.commandcode;

import dev.tollfree.api.ChatRequest;
import dev.tollfree.api.Json;
import dev.tollfree.core.adapter.Credential;
import dev.tollfree.core.adapter.HttpTransport;
import dev.tollfree.core.adapter.StreamItem;
import dev.tollfree.core.adapter.UpstreamRequest;
import dev.tollfree.core.adapter.UpstreamStream;
import dev.tollfree.core.adapter.Watchdog;
import dev.tollfree.core.catalog.AuthStyle;
import dev.tollfree.core.catalog.Capability;
import dev.tollfree.core.catalog.Limits;
import dev.tollfree.core.catalog.ModelSpec;
import dev.tollfree.core.catalog.ProviderSpec;
import dev.tollfree.core.catalog.WireFormat;
import dev.tollfree.testkit.FakeUpstream;
import dev.tollfree.testkit.ManualClock;
import dev.tollfree.testkit.Script;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A real {@link CommandCodeAdapter} over the JDK HTTP client with a fast watchdog, plus the
 * catalog entry, fixture loading and stream draining the CommandCode tests share. Deadlines are
 * real time (they guard real sockets); the wall clock is a ManualClock.
 */
final class CommandCodeHarness implements AutoCloseable {
    static final Duration FIRST_BYTE = Duration.ofSeconds(5);
    static final Duration IDLE = Duration.ofSeconds(5);
    static final Credential KEY = new Credential(1, "cc-test-key", Optional.empty());
    static final String PATH = "/alpha/generate";

    final ManualClock clock = ManualClock.at("2026-06-17T09:30:00Z");
    final Watchdog watchdog = new Watchdog(System::nanoTime, Duration.ofMillis(10));
    final HttpTransport transport = new HttpTransport(Duration.ofSeconds(2), watchdog);
    final CommandCodeAdapter adapter = new CommandCodeAdapter(transport, clock, System::nanoTime);

    /** The catalog's commandcode entry, its full endpoint pointed at the fake. */
    static ProviderSpec commandcode(FakeUpstream upstream) {
        return new ProviderSpec("commandcode", "CommandCode", upstream.url(PATH), AuthStyle.BEARER, "",
                WireFormat.COMMANDCODE, false, Limits.NONE, List.of(model("deepseek/deepseek-v4-flash")), false);
    }

    static ModelSpec model(String id) {
        return new ModelSpec(id, id, 131_072, 64_000, Set.of(Capability.TOOLS, Capability.REASONING), Limits.NONE, 85, 50,
                true, true, List.of());
    }

    static UpstreamRequest call(FakeUpstream upstream, ChatRequest request) {
        return call(upstream, request, FIRST_BYTE, IDLE);
    }

    static UpstreamRequest call(FakeUpstream upstream, ChatRequest request, Duration firstByte, Duration idle) {
        return new UpstreamRequest(commandcode(upstream), model("deepseek/deepseek-v4-flash"), KEY, request, firstByte, idle);
    }

    static ChatRequest request(JsonNode body) {
        return ChatRequest.parse(((ObjectNode) body).deepCopy());
    }

    static ChatRequest chat(String text, boolean stream) {
        ObjectNode body = Json.object().put("model", "auto").put("stream", stream);
        body.putArray("messages").addObject().put("role", "user").put("content", text);
        return ChatRequest.parse(body);
    }

    static String fixture(String path) {
        try (InputStream in = CommandCodeHarness.class.getResourceAsStream("/fixtures/commandcode/" + path)) {
            if (in == null) {
                throw new AssertionError("missing fixture fixtures/commandcode/" + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode fixtureJson(String path) {
        return Json.tryParse(fixture(path)).orElseThrow(() -> new AssertionError("fixture is not JSON: " + path));
    }

    /** An NDJSON fixture as a 200 stream, one line per write. */
    static Script ndjson(String name) {
        return Script.ndjson(fixture("streams/" + name).lines().toList());
    }

    static JsonNode normalized(JsonNode node) {
        return Json.tryParse(Json.text(node)).orElseThrow();
    }

    /** Head plus every following chunk, and the final item. */
    record Drained(List<JsonNode> chunks, StreamItem last) {
        List<JsonNode> deltas() {
            return chunks.stream().filter(c -> !c.path("choices").isEmpty()).map(c -> c.path("choices").path(0).path("delta")).toList();
        }

        String joined(String field) {
            StringBuilder sb = new StringBuilder();
            deltas().forEach(d -> sb.append(d.path(field).asString("")));
            return sb.toString();
        }

        List<JsonNode> toolCalls() {
            List<JsonNode> calls = new ArrayList<>();
            deltas().forEach(d -> d.path("tool_calls").forEach(calls::add));
            return calls;
        }

        String finishReason() {
            return chunks.stream().map(c -> c.path("choices").path(0).path("finish_reason"))
                    .filter(JsonNode::isString).map(JsonNode::stringValue).findFirst().orElse("");
        }
    }

    static Drained drain(UpstreamStream stream) {
        List<JsonNode> chunks = new ArrayList<>();
        stream.head().forEach(c -> chunks.add(c.json()));
        while (true) {
            StreamItem item = stream.next();
            if (item instanceof StreamItem.Chunk c) {
                chunks.add(c.json());
            } else {
                stream.close();
                return new Drained(chunks, item);
            }
        }
    }

    @Override
    public void close() {
        transport.close();
        watchdog.close();
    }
}
