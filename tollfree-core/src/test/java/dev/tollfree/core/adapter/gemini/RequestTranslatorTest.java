package dev.tollfree.core.adapter.gemini;

import static dev.tollfree.core.adapter.gemini.GeminiHarness.fixtureJson;
import static dev.tollfree.core.adapter.gemini.GeminiHarness.model;
import static dev.tollfree.core.adapter.gemini.GeminiHarness.normalized;
import static dev.tollfree.core.adapter.gemini.GeminiHarness.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollfree.api.ChatRequest;
import dev.tollfree.api.Json;
import dev.tollfree.testkit.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** OpenAI requests as Gemini requests: golden fixtures, then the cases a fixture would hide. */
class RequestTranslatorTest {
    private final ManualClock clock = ManualClock.at("2026-03-01T12:00:00Z");
    private final SignatureCache signatures = new SignatureCache(clock);

    private ObjectNode translate(ChatRequest request, String modelId) {
        return RequestTranslator.translate(request.body(), model(modelId), signatures);
    }

    private ObjectNode translate(String json) {
        ChatRequest request = request(json);
        return translate(request, request.model());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"basic-text", "multi-system", "images", "tools", "tool-choice-named", "tool-round-trip",
            "gemini3-signature-bypass", "gemma-system", "json-schema", "legacy-functions"})
    void translate_matchesGoldenFixture(String name) {
        JsonNode fixture = fixtureJson("requests/" + name + ".json");
        ChatRequest request = request(fixture.path("openai"));

        ObjectNode gemini = translate(request, request.model());

        assertThat(normalized(gemini)).as(fixture.path("description").asString("")).isEqualTo(normalized(fixture.path("gemini")));
    }

    @Test
    void translate_leavesTheCallersBodyUnchanged() {
        ChatRequest request = request(fixtureJson("requests/tool-round-trip.json").path("openai"));
        String before = Json.text(request.body());
        translate(request, "gemini-2.5-flash");
        assertThat(Json.text(request.body())).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0} effort={1}")
    @CsvSource(delimiter = '|', textBlock = """
            gemini-2.5-flash       | none    | {"thinkingBudget":0}
            gemini-2.5-flash       | minimal | {"thinkingBudget":0}
            gemini-2.5-flash       | low     | {"thinkingBudget":1024,"includeThoughts":true}
            gemini-2.5-flash       | medium  | {"thinkingBudget":8192,"includeThoughts":true}
            gemini-2.5-flash       | high    | {"thinkingBudget":24576,"includeThoughts":true}
            gemini-2.5-flash-lite  | weird   | {"thinkingBudget":-1,"includeThoughts":true}
            gemini-2.5-pro         | none    | {"thinkingBudget":128,"includeThoughts":true}
            gemini-3-flash-preview | none    | {"thinkingLevel":"MINIMAL"}
            gemini-3-flash-preview | minimal | {"thinkingLevel":"MINIMAL","includeThoughts":true}
            gemini-3-flash-preview | low     | {"thinkingLevel":"LOW","includeThoughts":true}
            gemini-3.5-flash       | medium  | {"thinkingLevel":"MEDIUM","includeThoughts":true}
            gemini-3.1-pro-preview | high    | {"thinkingLevel":"HIGH","includeThoughts":true}
            gemini-3-pro-preview   | none    | {"thinkingLevel":"LOW"}
            gemini-flash-latest    | low     | {"thinkingLevel":"LOW","includeThoughts":true}
            models/gemini-3-pro    | xhigh   | {"thinkingLevel":"HIGH","includeThoughts":true}
            """)
    void reasoningEffort_becomesABudgetBeforeGemini3AndALevelFrom3_neverBoth(String modelId, String effort, String expected) {
        ObjectNode out = translate(request("{\"model\":\"" + modelId + "\",\"reasoning_effort\":\"" + effort
                + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), modelId);

        JsonNode thinking = out.path("generationConfig").path("thinkingConfig");
        assertThat(normalized(thinking)).isEqualTo(Json.tryParse(expected).orElseThrow());
        assertThat(thinking.has("thinkingBudget") && thinking.has("thinkingLevel")).isFalse();
    }

    @Test
    void noReasoningEffort_onAModelWithoutTheReasoningCapability_sendsNoThinkingConfig() {
        ObjectNode out = RequestTranslator.translate(request("{\"model\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").body(),
                dev.tollfree.core.Fixtures.model("gemini-2.0-flash"), signatures);
        assertThat(out.has("generationConfig")).isFalse();
    }

    @Test
    void toolChoiceNone_becomesModeNone_andAToolChoiceWithoutToolsIsNotSent() {
        String tools = ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]";
        ObjectNode none = translate("{\"model\":\"gemini-2.5-flash\",\"tool_choice\":\"none\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]" + tools + "}");
        ObjectNode orphan = translate("{\"model\":\"gemini-2.5-flash\",\"tool_choice\":\"required\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(none.path("toolConfig").path("functionCallingConfig").path("mode").asString()).isEqualTo("NONE");
        assertThat(none.path("tools").path(0).path("functionDeclarations").path(0).has("parameters")).isFalse();
        assertThat(orphan.has("toolConfig")).isFalse();
        assertThat(orphan.has("tools")).isFalse();
    }

    @Test
    void signatureFromTheCache_isReplayedWhenTheClientDroppedIt() {
        signatures.put("call_kept", "c2lnLWNhY2hl");
        ObjectNode out = translate("""
                {"model":"gemini-3-flash-preview","messages":[{"role":"user","content":"go"},
                 {"role":"assistant","tool_calls":[{"id":"call_kept","type":"function","function":{"name":"f","arguments":"{}"}}]},
                 {"role":"tool","tool_call_id":"call_kept","content":"ok"}]}""");

        assertThat(out.path("contents").path(1).path("parts").path(0).path("thoughtSignature").asString()).isEqualTo("c2lnLWNhY2hl");
    }

    @Test
    void gemini25_withoutAnySignature_sendsNoBypassValue() {
        ObjectNode out = translate("""
                {"model":"gemini-2.5-flash","messages":[{"role":"user","content":"go"},
                 {"role":"assistant","tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":"{}"}}]},
                 {"role":"tool","tool_call_id":"call_1","content":"ok"}]}""");

        assertThat(out.path("contents").path(1).path("parts").path(0).has("thoughtSignature")).isFalse();
    }

    @Test
    void toolResultForAnUnknownCall_takesItsOwnNameOrUnknown_andArgumentsThatAreNotAnObjectAreWrapped() {
        ObjectNode out = translate("""
                {"model":"gemini-2.5-flash","messages":[{"role":"user","content":"go"},
                 {"role":"assistant","tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":"not json"}}]},
                 {"role":"tool","tool_call_id":"call_zz","name":"g","content":"[1,2]"},
                 {"role":"tool","tool_call_id":"call_yy","content":"x"}]}""");

        assertThat(out.path("contents").path(1).path("parts").path(0).path("functionCall").path("args").path("arguments").asString())
                .isEqualTo("not json");
        JsonNode results = out.path("contents").path(2).path("parts");
        assertThat(results.path(0).path("functionResponse").path("name").asString()).isEqualTo("g");
        assertThat(results.path(0).path("functionResponse").path("response").path("output").asString()).isEqualTo("[1,2]");
        assertThat(results.path(1).path("functionResponse").path("name").asString()).isEqualTo("unknown");
    }

    @Test
    void consecutiveTurnsOfOneRole_shareATurn_butUserTextAfterToolResultsStartsItsOwn() {
        ObjectNode out = translate("""
                {"model":"gemma-3-27b-it","messages":[{"role":"user","content":"one"},{"role":"user","content":"two"},
                 {"role":"assistant","content":"a"},{"role":"assistant","content":"b"}]}""");
        ObjectNode tools = translate("""
                {"model":"gemini-2.5-flash","messages":[{"role":"user","content":"go"},
                 {"role":"assistant","tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":"{}"}}]},
                 {"role":"tool","tool_call_id":"call_1","content":"ok"},{"role":"user","content":"and?"},{"role":"user","content":"well?"}]}""");

        assertThat(normalized(out.path("contents"))).isEqualTo(Json.tryParse("""
                [{"role":"user","parts":[{"text":"one"},{"text":"two"}]},{"role":"model","parts":[{"text":"a"},{"text":"b"}]}]""").orElseThrow());
        assertThat(tools.path("contents").size()).isEqualTo(4);
        assertThat(tools.path("contents").path(3).path("parts").size()).isEqualTo(2);
    }

    @Test
    void gemma_withoutAUserTurn_getsOneOpeningWithTheSystemText() {
        ObjectNode out = translate("""
                {"model":"gemma-3-12b-it","messages":[{"role":"system","content":"Be terse."},{"role":"assistant","content":"Ready."}]}""");

        assertThat(out.has("systemInstruction")).isFalse();
        assertThat(normalized(out.path("contents"))).isEqualTo(Json.tryParse("""
                [{"role":"user","parts":[{"text":"Be terse."}]},{"role":"model","parts":[{"text":"Ready."}]}]""").orElseThrow());
    }

    @Test
    void stopArray_unknownPartTypes_andAnEmptyMessage() {
        ObjectNode out = translate("""
                {"model":"gemini-2.5-flash","stop":["a","b"],"messages":[
                 {"role":"user","content":[{"type":"text","text":"hi"},{"type":"video_url","video_url":{"url":"x"}},{"type":"file","file":{"file_id":"f-1"}}]},
                 {"role":"user","content":""}]}""");

        assertThat(normalized(out.path("generationConfig").path("stopSequences"))).isEqualTo(Json.tryParse("[\"a\",\"b\"]").orElseThrow());
        assertThat(out.path("contents").size()).isEqualTo(1);
        assertThat(out.path("contents").path(0).path("parts").size()).isEqualTo(1);
    }

    @Test
    void aPlainDataUrl_isBase64Encoded_andMimeTypesAreGuessedFromThePath() {
        ObjectNode out = translate("""
                {"model":"gemini-2.5-flash","messages":[{"role":"user","content":[
                 {"type":"image_url","image_url":{"url":"data:text/plain,hi%20there"}},
                 {"type":"image_url","image_url":"https://x.test/a/photo.JPG#frag"},
                 {"type":"image_url","image_url":{"url":"https://x.test/v1.2/pic"}}]}]}""");

        JsonNode parts = out.path("contents").path(0).path("parts");
        assertThat(parts.path(0).path("inlineData").path("data").asString()).isEqualTo("aGkgdGhlcmU=");
        assertThat(parts.path(0).path("inlineData").path("mimeType").asString()).isEqualTo("text/plain");
        assertThat(parts.path(1).path("fileData").path("mimeType").asString()).isEqualTo("image/jpeg");
        assertThat(parts.path(2).path("fileData").path("mimeType").asString()).isEqualTo("image/jpeg");
    }
}
