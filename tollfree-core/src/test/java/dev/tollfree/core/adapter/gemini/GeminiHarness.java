package dev.tollfree.core.adapter.gemini;

import dev.tollfree.api.ChatRequest;
import dev.tollfree.api.Json;
import dev.tollfree.core.adapter.Credential;
import dev.tollfree.core.adapter.HttpTransport;
import dev.tollfree.core.adapter.UpstreamRequest;
import dev.tollfree.core.adapter.Watchdog;
import dev.tollfree.core.catalog.AuthStyle;
import dev.tollfree.core.catalog.Capability;
import dev.tollfree.core.catalog.Limits;
import dev.tollfree.core.catalog.ModelSpec;
import dev.tollfree.core.catalog.ProviderSpec;
import dev.tollfree.core.catalog.WireFormat;
import dev.tollfree.testkit.FakeUpstream;
import dev.tollfree.testkit.ManualClock;
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
 * A real {@link GeminiAdapter} over the JDK HTTP client with a fast watchdog, plus the catalog
 * values and fixture loading the Gemini tests share. Deadlines are real time (they guard real
 * sockets); the wall clock is a ManualClock.
 */
final class GeminiHarness implements AutoCloseable {
    static final Duration FIRST_BYTE = Duration.ofSeconds(5);
    static final Duration IDLE = Duration.ofSeconds(5);
    static final Credential KEY = new Credential(1, "AIza-test-key", Optional.empty());

    final ManualClock clock = ManualClock.at("2026-03-01T12:00:00Z");
    final Watchdog watchdog = new Watchdog(System::nanoTime, Duration.ofMillis(10));
    final HttpTransport transport = new HttpTransport(Duration.ofSeconds(2), watchdog);
    final GeminiAdapter adapter = new GeminiAdapter(transport, clock, System::nanoTime);

    /** The catalog's gemini entry, pointed at the fake. */
    static ProviderSpec gemini(FakeUpstream upstream) {
        return new ProviderSpec("gemini", "Google Gemini", upstream.url("/v1beta"), AuthStyle.HEADER, "x-goog-api-key",
                WireFormat.GEMINI, false, Limits.NONE, List.of(model("gemini-2.5-flash")), false);
    }

    /** Gemini models reason and see; Gemma only sees (as in the catalog). */
    static ModelSpec model(String id) {
        Set<Capability> caps = id.startsWith("gemma") ? Set.of(Capability.VISION)
                : Set.of(Capability.TOOLS, Capability.VISION, Capability.REASONING, Capability.JSON_MODE);
        return new ModelSpec(id, id, 1_048_576, 65_536, caps, Limits.NONE, 80, 60, true, true, List.of());
    }

    static UpstreamRequest call(FakeUpstream upstream, String modelId, ChatRequest request) {
        return call(upstream, modelId, request, FIRST_BYTE, IDLE);
    }

    static UpstreamRequest call(FakeUpstream upstream, String modelId, ChatRequest request, Duration firstByte, Duration idle) {
        return new UpstreamRequest(gemini(upstream), model(modelId), KEY, request, firstByte, idle);
    }

    static ChatRequest request(String json) {
        return ChatRequest.parse(Json.parseObject(json.getBytes(StandardCharsets.UTF_8)));
    }

    static ChatRequest request(JsonNode body) {
        return ChatRequest.parse(((ObjectNode) body).deepCopy());
    }

    /** {@code {"model":…,"messages":[{"role":"user","content":text}]}}, streaming or not. */
    static ChatRequest chat(String text, boolean stream) {
        ObjectNode body = Json.object().put("model", "auto").put("stream", stream);
        body.putArray("messages").addObject().put("role", "user").put("content", text);
        return ChatRequest.parse(body);
    }

    /** A fixture under {@code fixtures/gemini/} as text. */
    static String fixture(String path) {
        try (InputStream in = GeminiHarness.class.getResourceAsStream("/fixtures/gemini/" + path)) {
            if (in == null) {
                throw new AssertionError("missing fixture fixtures/gemini/" + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode fixtureJson(String path) {
        return Json.tryParse(fixture(path)).orElseThrow(() -> new AssertionError("fixture is not JSON: " + path));
    }

    /** An SSE fixture split into its events, each with its blank-line terminator, to send one by one. */
    static List<String> events(String path) {
        List<String> out = new ArrayList<>();
        for (String block : fixture(path).split("\n\n")) {
            if (!block.isBlank()) {
                out.add(block + "\n\n");
            }
        }
        return out;
    }

    /** JSON equality that ignores number representation (7 and 7L, 0.7 parsed twice). */
    static JsonNode normalized(JsonNode node) {
        return Json.tryParse(Json.text(node)).orElseThrow();
    }

    @Override
    public void close() {
        transport.close();
        watchdog.close();
    }
}
