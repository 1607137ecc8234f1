package dev.tollfree.core.adapter;

import static dev.tollfree.core.adapter.AdapterHarness.call;
import static dev.tollfree.core.adapter.WireFixture.CONTENT;
import static dev.tollfree.core.adapter.WireFixture.REASONING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollfree.api.ChatRequest;
import dev.tollfree.api.Json;
import dev.tollfree.core.Fixtures;
import dev.tollfree.core.catalog.ProviderSpec;
import dev.tollfree.testkit.FakeUpstream;
import dev.tollfree.testkit.FakeUpstreamExtension;
import dev.tollfree.testkit.RecordedRequest;
import dev.tollfree.testkit.Script;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The adapter contract, once per provider descriptor, against that provider's recorded wire facts:
 * answers in its dialect come out in one shape, and requests go out in the shape it accepts.
 */
@ExtendWith(FakeUpstreamExtension.class)
@Timeout(30)
class ProviderContractTest {
    private static AdapterHarness h;

    @BeforeAll
    static void start() {
        h = new AdapterHarness();
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    static Stream<String> providers() {
        return WireFixture.providerIds();
    }

    private static ChatResult.Success complete(WireFixture f, FakeUpstream upstream, ChatRequest request) {
        ProviderSpec p = f.provider(upstream);
        ChatResult result = h.adapter.complete(call(p, f.model(p), f.credential(), request));
        assertThat(result).as(f.id() + ": " + result).isInstanceOf(ChatResult.Success.class);
        return (ChatResult.Success) result;
    }

    private static UpstreamStream open(WireFixture f, FakeUpstream upstream, ChatRequest request) {
        ProviderSpec p = f.provider(upstream);
        StreamStart start = h.adapter.openStream(call(p, f.model(p), f.credential(), request));
        assertThat(start).as(f.id() + ": " + start).isInstanceOf(StreamStart.Started.class);
        return ((StreamStart.Started) start).stream();
    }

    /** Every chunk of a stream, head first, up to a clean end. */
    private static List<ObjectNode> chunks(UpstreamStream stream) {
        List<ObjectNode> out = new ArrayList<>();
        stream.head().forEach(c -> out.add(c.json()));
        for (int i = 0; i < 1_000; i++) {
            StreamItem item = stream.next();
            switch (item) {
                case StreamItem.Chunk c -> out.add(c.json());
                case StreamItem.End end -> {
                    return out;
                }
                case StreamItem.Broken b -> throw new AssertionError("stream broke: " + b.error().summary());
            }
        }
        throw new AssertionError("stream did not end");
    }

    private static String joined(List<ObjectNode> chunks, String field) {
        StringBuilder out = new StringBuilder();
        for (ObjectNode c : chunks) {
            for (JsonNode choice : c.path("choices")) {
                out.append(choice.path("delta").path(field).asString(""));
                assertThat(choice.path("delta").has("reasoning")).as("raw reasoning field left in " + c).isFalse();
            }
        }
        return out.toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void chat_everyReasoningDialect_leavesAsReasoningContentBesideTheContent(String id, FakeUpstream upstream) {
        WireFixture f = WireFixture.load(id);
        assertThat(f.section("chat")).as(id + " has chat fixtures").isNotEmpty();
        for (JsonNode variant : f.section("chat")) {
            upstream.enqueue(Script.json(200, WireFixture.body(variant)));
            JsonNode message = complete(f, upstream, Fixtures.chat("auto", "hi")).body().path("choices").path(0).path("message");
            assertThat(message.path("content").stringValue()).as(id + " content of " + variant).isEqualTo(CONTENT);
            assertThat(message.path("reasoning_content").asString("").strip()).as(id + " reasoning of " + variant).isEqualTo(REASONING);
            assertThat(message.has("reasoning")).isFalse();
        }
        RecordedRequest sent = upstream.takeRequest();
        assertThat(sent.path()).isEqualTo(WireFixture.pathOf(f.provider(upstream).baseUrl()).replace("{account_id}", "acc123")
                + "/chat/completions");
        if (f.credential().anonymous()) {
            assertThat(sent.header("Authorization")).as("keyless call sends no Authorization").isEmpty();
        } else {
            assertThat(sent.header("Authorization")).contains("Bearer " + f.credential().secret());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void stream_everyReasoningDialect_leavesAsReasoningContentBesideTheContent(String id, FakeUpstream upstream) {
        WireFixture f = WireFixture.load(id);
        assertThat(f.section("stream")).as(id + " has stream fixtures").isNotEmpty();
        for (JsonNode variant : f.section("stream")) {
            upstream.enqueue(WireFixture.stream(variant));
            try (UpstreamStream s = open(f, upstream, Fixtures.chatStream("auto", "hi"))) {
                List<ObjectNode> chunks = chunks(s);
                assertThat(joined(chunks, "content")).as(id + " content of " + variant).isEqualTo(CONTENT);
                assertThat(joined(chunks, "reasoning_content").strip()).as(id + " reasoning of " + variant).isEqualTo(REASONING);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void toolCall_answer_isRelayedWithItsArguments(String id, FakeUpstream upstream) {
        WireFixture f = WireFixture.load(id);
        upstream.enqueue(Script.json(200, WireFixture.body(f.section("toolCall"))));
        JsonNode message = complete(f, upstream, WireFixture.request("tool_round_trip")).body().path("choices").path(0).path("message");
        JsonNode call = message.path("tool_calls").path(0);
        assertThat(call.path("function").path("name").stringValue()).isEqualTo("get_weather");
        assertThat(Json.parseObject(call.path("function").path("arguments").stringValue().getBytes()).path("city").stringValue())
                .isEqualTo("Paris");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void toolCall_streamedWholeOrInFragments_assemblesToOneCall(String id, FakeUpstream upstream) {
        WireFixture f = WireFixture.load(id);
        upstream.enqueue(WireFixture.stream(f.section("toolStream")));
        Map<Integer, StringBuilder> args = new TreeMap<>();
        Map<Integer, String> names = new TreeMap<>();
        try (UpstreamStream s = open(f, upstream, WireFixture.streamed(WireFixture.request("tool_round_trip")))) {
            for (ObjectNode chunk : chunks(s)) {
                for (JsonNode tc : chunk.path("choices").path(0).path("delta").path("tool_calls")) {
                    int index = tc.path("index").asInt(0);
                    if (tc.path("function").path("name").isString()) {
                        names.put(index, tc.path("function").path("name").stringValue());
                    }
                    args.computeIfAbsent(index, i -> new StringBuilder()).append(tc.path("function").path("arguments").asString(""));
                }
            }
        }
        assertThat(names).containsExactly(Map.entry(0, "get_weather"));
        assertThat(Json.parseObject(args.get(0).toString().getBytes()).path("city").stringValue()).isEqualTo("Paris");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void toolRoundTrip_request_goesOutInTheShapeTheProviderAccepts(String id, FakeUpstream upstream) {
        WireFixture f = WireFixture.load(id);
        upstream.enqueue(Script.chatCompletion("m", "ok"));
        ChatRequest request = WireFixture.request("tool_round_trip");
        complete(f, upstream, request);
        JsonNode sent = upstream.takeRequest().json();
        assertThat(sent.path("model").stringValue()).isEqualTo(f.model(f.provider(upstream)).id());
        assertThat(sent.has("stream")).isFalse();
        WireFixture.expect(sent, f.section("request"), id);
        assertThat(request.body().path("messages").path(2).has("reasoning_content")).as("caller's body untouched").isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void toolRoundTrip_streamedRequest_carriesTheProvidersStreamFlags(String id, FakeUpstream upstream) {
        WireFixture f = WireFixture.load(id);
        upstream.enqueue(Script.chatStream("m", List.of("ok")));
        try (UpstreamStream s = open(f, upstream, WireFixture.streamed(WireFixture.request("tool_round_trip")))) {
            chunks(s);
        }
        JsonNode sent = upstream.takeRequest().json();
        assertThat(sent.path("stream").asBoolean()).isTrue();
        WireFixture.expect(sent, f.section("streamRequest"), id + " stream");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void vision_request_keepsTheImagePartWhereSupported(String id, FakeUpstream upstream) {
        WireFixture f = WireFixture.load(id);
        upstream.enqueue(Script.chatCompletion("m", "a cat"));
        complete(f, upstream, WireFixture.request("vision"));
        JsonNode content = upstream.takeRequest().json().path("messages").path(0).path("content");
        if (f.wire().path("vision").asBoolean(true)) {
            assertThat(content.path(1).path("image_url").path("url").stringValue()).startsWith("data:image/png;base64,");
            assertThat(content.path(0).path("text").stringValue()).isEqualTo("What is in this image?");
        } else {
            assertThat(content.isArray()).as(id + ": image parts are never flattened away").isTrue();
        }
    }
}
