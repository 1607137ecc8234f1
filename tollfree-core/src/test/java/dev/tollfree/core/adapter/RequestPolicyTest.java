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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Request rewriting per descriptor, without sockets: the policies the contract test does not reach. */
class RequestPolicyTest {

    private static ProviderDescriptor descriptor(String id) {
        return Descriptors.of(Catalog.builtIn().provider(id).orElseThrow());
    }

    private static ModelSpec model(int context, int maxOutput) {
        return new ModelSpec("m", "m", context, maxOutput, Set.of(Capability.TOOLS), Limits.NONE, 50, 50, true, true, List.of());
    }

    private static ObjectNode body(String json) {
        return Json.parseObject(json.getBytes(StandardCharsets.UTF_8));
    }

    private static ObjectNode rewrite(String provider, String json, boolean stream) {
        return RequestRewriter.rewrite(body(json), model(32768, 0), stream, descriptor(provider));
    }

    @Test
    void descriptors_everyOpenAiCatalogProvider_hasItsOwnEntry() {
        for (ProviderSpec p : Catalog.builtIn().providers()) {
            if (p.format() == WireFormat.OPENAI) {
                assertThat(Descriptors.ids()).as(p.id()).contains(p.id());
            }
        }
    }

    @Test
    void descriptors_customProviderWithACatalogName_getsPlainOpenAi() {
        ProviderSpec mistral = Catalog.builtIn().provider("mistral").orElseThrow();
        ProviderSpec custom = new ProviderSpec("mistral", "mine", "http://x/v1", mistral.auth(), "", WireFormat.OPENAI, false,
                Limits.NONE, List.of(), true);
        assertThat(Descriptors.of(custom)).isEqualTo(ProviderDescriptor.OPENAI);
    }

    @Test
    void mistral_toolCallIds_mapToNineAlphanumericsTheSameWayEveryTime() {
        String id = MessageRewriter.nineCharId("call_abc123def456");
        assertThat(id).matches("[A-Za-z0-9]{9}").isEqualTo(MessageRewriter.nineCharId("call_abc123def456"));
        assertThat(MessageRewriter.nineCharId("call_abc123def457")).isNotEqualTo(id);
        assertThat(MessageRewriter.nineCharId("D681PevKs")).as("Mistral's own ids are kept").isEqualTo("D681PevKs");
    }

    @ParameterizedTest
    @CsvSource({"huggingface, openai/gpt-oss-120b:cerebras", "llm7, gpt-oss:20b", "ovh, Meta-Llama-3_3-70B-Instruct"})
    void modelIds_withProviderSuffixesColonsOrUnderscores_areSentAsWritten(String provider, String id) {
        ModelSpec m = new ModelSpec(id, id, 32768, 0, Set.of(), Limits.NONE, 50, 50, true, true, List.of());
        ObjectNode sent = RequestRewriter.rewrite(body("{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]}"),
                m, false, descriptor(provider));
        assertThat(sent.path("model").stringValue()).isEqualTo(id);
    }

    @Test
    void mistral_emptyAssistantTurnWithoutToolCalls_isDropped() {
        ObjectNode sent = rewrite("mistral", """
                {"model":"auto","messages":[{"role":"user","content":"a"},{"role":"assistant","content":""},{"role":"user","content":"b"}]}""", false);
        assertThat(sent.path("messages")).hasSize(2);
        assertThat(sent.path("messages").path(1).path("content").stringValue()).isEqualTo("b");
    }

    @Test
    void mistral_requiredToolChoice_becomesAny() {
        ObjectNode sent = rewrite("mistral", """
                {"model":"auto","messages":[{"role":"user","content":"a"}],"tool_choice":"required",
                 "tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}]}""", false);
        assertThat(sent.path("tool_choice").stringValue()).isEqualTo("any");
    }

    @Test
    void zhipu_toolChoiceNone_removesTheToolsAndToolStreamGoesOnlyWithStreams() {
        String tools = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":{\"type\":\"object\"}}}]";
        ObjectNode none = rewrite("zai", "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}],\"tool_choice\":\"none\"," + tools + "}", true);
        assertThat(none.has("tools")).isFalse();
        assertThat(none.has("tool_choice")).isFalse();
        assertThat(none.has("tool_stream")).isFalse();
        ObjectNode plain = rewrite("zai", "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}],\"tool_stream\":true," + tools + "}", false);
        assertThat(plain.has("tool_stream")).as("tool_stream only with stream true").isFalse();
        assertThat(plain.has("tool_choice")).as("no choice sent stays absent (auto)").isFalse();
    }

    @Test
    void cloudflare_withoutMaxTokens_getsAnExplicitOneWithinTheModel() {
        ObjectNode sent = RequestRewriter.rewrite(body("{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]}"),
                model(7968, 0), false, descriptor("cloudflare"));
        assertThat(sent.path("max_tokens").asInt()).isEqualTo(1992);
        ObjectNode big = RequestRewriter.rewrite(body("{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]}"),
                model(131072, 0), false, descriptor("cloudflare"));
        assertThat(big.path("max_tokens").asInt()).isEqualTo(8192);
    }

    @Test
    void github_maxTokensAboveTheModelsCap_isCappedAndSmallerOnesStay() {
        ObjectNode capped = RequestRewriter.rewrite(body("{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}],\"max_tokens\":9000}"),
                model(12000, 4000), false, descriptor("github"));
        assertThat(capped.path("max_tokens").asInt()).isEqualTo(4000);
        ObjectNode small = RequestRewriter.rewrite(body("{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}],\"max_tokens\":100}"),
                model(12000, 4000), false, descriptor("github"));
        assertThat(small.path("max_tokens").asInt()).isEqualTo(100);
    }

    @ParameterizedTest(name = "{0}: {1} → {2}")
    @CsvSource({
            "cohere, none, none", "cohere, low, high", "cohere, high, high", "cohere, bogus, ",
            "github, minimal, low", "github, none, ", "github, medium, medium",
            "ollama, minimal, low", "ollama, xhigh, high", "ollama, none, none",
            "groq, xhigh, xhigh",
    })
    void reasoningEffort_isMappedOntoWhatTheProviderAccepts(String provider, String sent, String expected) {
        ObjectNode out = rewrite(provider, "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}],\"reasoning_effort\":\"" + sent + "\"}", false);
        if (expected == null) {
            assertThat(out.has("reasoning_effort")).isFalse();
        } else {
            assertThat(out.path("reasoning_effort").stringValue()).isEqualTo(expected);
        }
    }

    @Test
    void reasoningReplay_asThinkTags_movesReasoningIntoTheContent() {
        ObjectNode m = body("{\"role\":\"assistant\",\"content\":\"Hi\",\"reasoning_content\":\"R\",\"reasoning_details\":[]}");
        ReasoningReplay.AS_THINK_TAGS.apply(m);
        assertThat(m.path("content").stringValue()).isEqualTo("<think>R</think>Hi");
        assertThat(m.has("reasoning_content")).isFalse();
        assertThat(m.has("reasoning_details")).isFalse();
        ReasoningReplay.AS_THINK_TAGS.apply(m);
        assertThat(m.path("content").stringValue()).as("never doubled").isEqualTo("<think>R</think>Hi");
    }

    @Test
    void streamOptions_fromTheCaller_areRemovedWhereTheProviderRejectsThem() {
        for (String provider : List.of("mistral", "cohere", "cloudflare", "zhipu")) {
            JsonNode sent = rewrite(provider, "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}],\"stream_options\":{\"include_usage\":true}}", true);
            assertThat(sent.has("stream_options")).as(provider).isFalse();
        }
    }
}
