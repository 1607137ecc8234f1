package dev.tollfree.core.adapter.commandcode;

import static dev.tollfree.core.adapter.commandcode.CommandCodeHarness.fixtureJson;
import static dev.tollfree.core.adapter.commandcode.CommandCodeHarness.model;
import static dev.tollfree.core.adapter.commandcode.CommandCodeHarness.normalized;
import static dev.tollfree.core.adapter.commandcode.CommandCodeHarness.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollfree.api.ChatRequest;
import dev.tollfree.api.Json;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** OpenAI requests as CommandCode CLI envelopes: golden fixtures, then the cases a fixture would hide. */
class RequestTranslatorTest {
    private static final LocalDate DATE = LocalDate.parse("2026-06-17");
    private static final String THREAD = "00000000-0000-4000-8000-000000000001";

    private static ObjectNode translate(ChatRequest request) {
        return RequestTranslator.translate(request.body(), model(request.model()), DATE, THREAD);
    }

    private static ObjectNode translate(String json) {
        return translate(request(Json.tryParse(json).orElseThrow()));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"basic-text", "tool-round-trip", "parameters", "legacy-functions"})
    void translate_matchesGoldenFixture(String name) {
        JsonNode fixture = fixtureJson("requests/" + name + ".json");

        ObjectNode out = translate(request(fixture.path("openai")));

        assertThat(normalized(out)).as(fixture.path("description").asString("")).isEqualTo(normalized(fixture.path("commandcode")));
    }

    @Test
    void translate_leavesTheCallersBodyUnchanged() {
        ChatRequest request = request(fixtureJson("requests/tool-round-trip.json").path("openai"));
        String before = Json.text(request.body());
        translate(request);
        assertThat(Json.text(request.body())).isEqualTo(before);
    }

    @Test
    void toolChoiceNone_sendsNoTools() {
        ObjectNode out = translate("""
                {"model":"m","tool_choice":"none","messages":[{"role":"user","content":"hi"}],
                 "tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","properties":{}}}}]}""");
        assertThat(out.path("params").has("tools")).isFalse();
    }

    @Test
    void noSystemMessage_sendsNoSystemField_andEnvironmentIsAlwaysCli() {
        ObjectNode out = translate("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(out.path("params").has("system")).isFalse();
        assertThat(out.path("config").path("environment").asString()).isEqualTo("cli");
        assertThat(out.path("params").path("model").asString()).isEqualTo("m");
    }

    @Test
    void argumentsThatAreNotAJsonObject_travelUnderArguments() {
        ObjectNode out = translate("""
                {"model":"m","messages":[{"role":"user","content":"hi"},
                 {"role":"assistant","tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"not json"}},
                                                    {"id":"c2","type":"function","function":{"name":"g","arguments":""}}]},
                 {"role":"tool","tool_call_id":"c1","content":"ok"}]}""");
        JsonNode blocks = out.path("params").path("messages").path(1).path("content");
        assertThat(Json.text(blocks.path(0).path("input"))).isEqualTo("{\"arguments\":\"not json\"}");
        assertThat(Json.text(blocks.path(1).path("input"))).isEqualTo("{}");
    }
}
