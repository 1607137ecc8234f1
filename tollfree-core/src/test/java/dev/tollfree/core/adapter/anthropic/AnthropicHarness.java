package dev.tollfree.core.adapter.anthropic;

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
 * A real {@link AnthropicAdapter} over the JDK HTTP client with a fast watchdog, an operator's
 * custom Anthropic-compatible provider pointed at the fake, and fixture loading. Deadlines are
 * real time (they guard real sockets); the wall clock is a ManualClock.
 */
final class AnthropicHarness implements AutoCloseable {
    static final Duration FIRST_BYTE = Duration.ofSeconds(5);
    static final Duration IDLE = Duration.ofSeconds(5);
    static final Credential KEY = new Credential(1, "sk-ant-test-key", Optional.empty());
    static final String MODEL = "claude-sonnet-4-5";

    final ManualClock clock = ManualClock.at("2026-03-01T12:00:00Z");
    final Watchdog watchdog = new Watchdog(System::nanoTime, Duration.ofMillis(10));
    final HttpTransport transport = new HttpTransport(Duration.ofSeconds(2), watchdog);
    final AnthropicAdapter adapter = new AnthropicAdapter(transport, clock, System::nanoTime);

    static ProviderSpec provider(FakeUpstream upstream, AuthStyle auth, String authHeader) {
        return new ProviderSpec("local-claude", "Local Claude", upstream.url("/v1"), auth, authHeader,
                WireFormat.ANTHROPIC, auth == AuthStyle.NONE, Limits.NONE, List.of(model()), true);
    }

    static ProviderSpec provider(FakeUpstream upstream) {
        return provider(upstream, AuthStyle.BEARER, "");
    }

    /** Max output 8192, so requests without a limit get that. */
    static ModelSpec model() {
        return new ModelSpec(MODEL, MODEL, 200_000, 8192,
                Set.of(Capability.TOOLS, Capability.VISION, Capability.REASONING), Limits.NONE, 80, 60, false, true, List.of());
    }

    static UpstreamRequest call(FakeUpstream upstream, ChatRequest request) {
        return call(upstream, request, FIRST_BYTE, IDLE);
    }

    static UpstreamRequest call(FakeUpstream upstream, ChatRequest request, Duration firstByte, Duration idle) {
        return new UpstreamRequest(provider(upstream), model(), KEY, request, firstByte, idle);
    }

    static ChatRequest request(JsonNode body) {
        return ChatRequest.parse(((ObjectNode) body).deepCopy());
    }

    /** {@code {"model":"auto","messages":[{"role":"user","content":text}]}}, streaming or not. */
    static ChatRequest chat(String text, boolean stream) {
        ObjectNode body = Json.object().put("model", "auto").put("stream", stream);
        body.putArray("messages").addObject().put("role", "user").put("content", text);
        return ChatRequest.parse(body);
    }

    /** A fixture under {@code fixtures/anthropic/} as text. */
    static String fixture(String path) {
        try (InputStream in = AnthropicHarness.class.getResourceAsStream("/fixtures/anthropic/" + path)) {
            if (in == null) {
                throw new AssertionError("missing fixture fixtures/anthropic/" + path);
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
