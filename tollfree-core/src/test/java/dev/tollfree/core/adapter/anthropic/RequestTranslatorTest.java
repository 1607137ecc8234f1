package dev.tollfree.core.adapter.anthropic;

import static dev.tollfree.core.adapter.anthropic.AnthropicHarness.fixtureJson;
import static dev.tollfree.core.adapter.anthropic.AnthropicHarness.model;
import static dev.tollfree.core.adapter.anthropic.AnthropicHarness.normalized;
import static dev.tollfree.core.adapter.anthropic.AnthropicHarness.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollfree.api.Json;
import dev.tollfree.core.catalog.Limits;
import dev.tollfree.core.catalog.ModelSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Golden translations (fixtures/anthropic/requests) plus the rules around tools and thinking. */
class RequestTranslatorTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"basic-text", "alternation", "tools", "tool-round-trip", "images", "thinking"})
    void golden_openAiRequest_becomesTheExpectedMessagesRequest(String name) {
        JsonNode fixture = fixtureJson("requests/" + name + ".json");
        ObjectNode out = RequestTranslator.translate(request(fixture.get("openai")).body(), model(), false);
        assertThat(normalized(out)).as(fixture.path("description").asString()).isEqualTo(normalized(fixture.get("anthropic")));
    }

    @Test
    void stream_addsStreamTrue() {
        ObjectNode out = RequestTranslator.translate(body("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), model(), true);
        assertThat(out.path("stream").asBoolean()).isTrue();
    }

    @Test
    void onlySystem_getsAPlaceholderUserTurn() {
        ObjectNode out = RequestTranslator.translate(body("{\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":\"Be kind.\"}]}"), model(), false);
        assertThat(out.path("system").asString()).isEqualTo("Be kind.");
        assertThat(out.path("messages")).hasSize(1);
        assertThat(out.path("messages").path(0).path("content").path(0).path("text").asString()).isEqualTo(RequestTranslator.PLACEHOLDER);
    }

    @Test
    void toolChoiceNone_leavesToolsOut_unlessTheHistoryHasToolBlocks() {
        String tools = ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],\"tool_choice\":\"none\"}";
        ObjectNode plain = RequestTranslator.translate(body("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]" + tools), model(), false);
        assertThat(plain.has("tools")).isFalse();
        assertThat(plain.has("tool_choice")).isFalse();

        ObjectNode history = RequestTranslator.translate(body("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
                + "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"t1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"t1\",\"content\":\"ok\"}]" + tools), model(), false);
        assertThat(history.path("tools")).hasSize(1);
        assertThat(history.path("tool_choice").path("type").asString()).isEqualTo("none");
    }

    @Test
    void toolChoiceAuto_isTheDefaultWhenToolsAreDeclared() {
        ObjectNode out = RequestTranslator.translate(body("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]}"), model(), false);
        assertThat(out.path("tool_choice").path("type").asString()).isEqualTo("auto");
    }

    @Test
    void thinking_raisesMaxTokensAboveTheBudget_andTheModelMaxOutputCapsIt() {
        ObjectNode high = RequestTranslator.translate(body("{\"model\":\"m\",\"reasoning_effort\":\"high\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), model(), false);
        // 8192 (model max output) is below the 16384 budget: the sum is capped at 8192 and the budget halved
        assertThat(high.path("max_tokens").asLong()).isEqualTo(8192);
        assertThat(high.path("thinking").path("budget_tokens").asLong()).isEqualTo(4096);

        ModelSpec big = new ModelSpec("m", "m", 200_000, 64_000, Set.of(), Limits.NONE, 50, 50, false, true, List.of());
        ObjectNode low = RequestTranslator.translate(body("{\"model\":\"m\",\"reasoning_effort\":\"low\",\"max_tokens\":500,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), big, false);
        assertThat(low.path("max_tokens").asLong()).isEqualTo(1524);
        assertThat(low.path("thinking").path("budget_tokens").asLong()).isEqualTo(1024);

        ObjectNode none = RequestTranslator.translate(body("{\"model\":\"m\",\"reasoning_effort\":\"none\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), model(), false);
        assertThat(none.has("thinking")).isFalse();
    }

    @Test
    void thinking_isLeftOut_whenAToolIsForced_orTheLastAssistantTurnCalledTools() {
        ObjectNode forced = RequestTranslator.translate(body("{\"model\":\"m\",\"reasoning_effort\":\"medium\",\"max_tokens\":100,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],"
                + "\"tool_choice\":\"required\"}"), model(), false);
        assertThat(forced.has("thinking")).isFalse();
        assertThat(forced.path("max_tokens").asLong()).isEqualTo(100);

        ObjectNode loop = RequestTranslator.translate(body("{\"model\":\"m\",\"reasoning_effort\":\"medium\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
                + "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"t1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"t1\",\"content\":\"ok\"}],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]}"), model(), false);
        assertThat(loop.has("thinking")).isFalse();
    }

    private static ObjectNode body(String json) {
        return request(Json.parseObject(json.getBytes(StandardCharsets.UTF_8))).body();
    }
}
