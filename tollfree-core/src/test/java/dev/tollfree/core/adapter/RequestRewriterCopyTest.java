package dev.tollfree.core.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollfree.api.Json;
import dev.tollfree.core.catalog.Capability;
import dev.tollfree.core.catalog.Catalog;
import dev.tollfree.core.catalog.Limits;
import dev.tollfree.core.catalog.ModelSpec;
import dev.tollfree.core.catalog.ProviderSpec;
import dev.tollfree.core.catalog.WireFormat;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** The rewrite copies only what it changes, and never changes the caller's body, whatever the provider's policy. */
class RequestRewriterCopyTest {
    private static final String BODY = """
            {"model":"auto","stream":true,"stream_options":{"include_usage":false},"tool_choice":{"type":"function","function":{"name":"f"}},
             "messages":[{"role":"system","name":"sys","content":[{"type":"text","text":"be brief"}]},
                         {"role":"assistant","content":null,"reasoning_content":"thought","tool_calls":[{"id":"call_abcdefghijkl","type":"function","function":{"name":"f","arguments":"{}"}}]},
                         {"role":"tool","tool_call_id":"call_abcdefghijkl","content":"42"},
                         {"role":"assistant","content":""},
                         {"role":"user","content":"hi","extra":1}],
             "tools":[{"type":"function","function":{"name":"f","strict":true,"parameters":{"type":"object","additionalProperties":false,"$schema":"x","properties":{}}}},
                      {"type":"function","function":{"name":"g","parameters":{"type":"object"}}}],
             "plugins":[{"id":"other"}],"max_completion_tokens":100000,"reasoning_effort":"minimal","response_format":{"type":"json_object"}}
            """;
    private static final ModelSpec MODEL = new ModelSpec("m", "m", 32768, 4096, Set.of(Capability.TOOLS), Limits.NONE, 50, 50, true, true, List.of());

    @Test
    void everyBuiltInPolicy_leavesTheCallersBodyAsItCame() {
        for (ProviderSpec p : Catalog.builtIn().providers()) {
            if (p.format() != WireFormat.OPENAI) {
                continue;
            }
            for (boolean stream : new boolean[] {false, true}) {
                ObjectNode original = Json.parseObject(BODY.getBytes(StandardCharsets.UTF_8));
                ObjectNode before = original.deepCopy();

                ObjectNode rewritten = RequestRewriter.rewrite(original, MODEL, stream, Descriptors.of(p));
                rewritten.put("touched", true);

                assertThat(original).as(p.id() + (stream ? " stream" : "")).isEqualTo(before);
            }
        }
    }

    @Test
    void thePlainOpenAiPolicy_sharesTheMessagesInsteadOfCopyingThem() {
        ObjectNode original = Json.parseObject(BODY.getBytes(StandardCharsets.UTF_8));

        ObjectNode rewritten = RequestRewriter.rewrite(original, MODEL, false, ProviderDescriptor.OPENAI);

        assertThat(rewritten.get("messages")).isSameAs(original.get("messages"));
        assertThat(rewritten.path("model").stringValue()).isEqualTo("m");
        assertThat(original.path("model").stringValue()).isEqualTo("auto");
    }

    /** What goes upstream is the rewritten tree, whether written from the caller's bytes or serialised whole. */
    @Test
    void everyBuiltInPolicy_sendsTheRewrittenBody_whenWrittenFromTheCallersBytes() {
        byte[] bytes = BODY.getBytes(StandardCharsets.UTF_8);
        for (ProviderSpec p : Catalog.builtIn().providers()) {
            if (p.format() != WireFormat.OPENAI) {
                continue;
            }
            for (boolean stream : new boolean[] {false, true}) {
                dev.tollfree.api.ChatRequest chat = dev.tollfree.api.ChatRequest.parse(bytes);
                ObjectNode rewritten = RequestRewriter.rewrite(chat.body(), MODEL, stream, Descriptors.of(p));

                ObjectNode sent = Json.parseObject(chat.bytesOf(rewritten));

                assertThat(sent).as(p.id() + (stream ? " stream" : "")).isEqualTo(Json.parseObject(Json.bytes(rewritten)));
                assertThat(sent.propertyNames()).as(p.id()).containsExactlyElementsOf(rewritten.propertyNames());
            }
        }
    }
}
