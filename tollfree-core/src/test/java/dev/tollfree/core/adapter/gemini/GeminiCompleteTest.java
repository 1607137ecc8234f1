package dev.tollfree.core.adapter.gemini;

import static dev.tollfree.core.adapter.gemini.GeminiHarness.call;
import static dev.tollfree.core.adapter.gemini.GeminiHarness.chat;
import static dev.tollfree.core.adapter.gemini.GeminiHarness.fixture;
import static dev.tollfree.core.adapter.gemini.GeminiHarness.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollfree.api.ChatRequest;
import dev.tollfree.api.Json;
import dev.tollfree.core.adapter.ChatResult;
import dev.tollfree.core.adapter.UpstreamError;
import dev.tollfree.core.adapter.Usage;
import dev.tollfree.testkit.FakeUpstream;
import dev.tollfree.testkit.FakeUpstreamExtension;
import dev.tollfree.testkit.RecordedRequest;
import dev.tollfree.testkit.Script;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** Non-streaming calls through the real adapter against a scripted Gemini on a real socket. */
@ExtendWith(FakeUpstreamExtension.class)
@Timeout(20)
class GeminiCompleteTest {
    private static GeminiHarness h;

    @BeforeAll
    static void start() {
        h = new GeminiHarness();
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    private static ChatResult complete(FakeUpstream upstream, String responseFixture) {
        upstream.enqueue(Script.json(200, fixture("responses/" + responseFixture)));
        return h.adapter.complete(call(upstream, "gemini-2.5-flash", chat("hi", false)));
    }

    private static JsonNode message(ChatResult result) {
        assertThat(result).isInstanceOf(ChatResult.Success.class);
        return ((ChatResult.Success) result).body().path("choices").path(0).path("message");
    }

    private static UpstreamError failure(ChatResult result) {
        assertThat(result).isInstanceOf(ChatResult.Failure.class);
        return ((ChatResult.Failure) result).error();
    }

    @Test
    void complete_text_postsToGenerateContentWithTheKeyHeader_andAnswersAChatCompletion(FakeUpstream upstream) {
        ChatResult result = complete(upstream, "text.json");

        RecordedRequest sent = upstream.takeRequest();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.target()).isEqualTo("/v1beta/models/gemini-2.5-flash:generateContent");
        assertThat(sent.header("x-goog-api-key")).contains("AIza-test-key");
        assertThat(sent.header("Authorization")).isEmpty();
        assertThat(sent.json().path("contents").path(0).path("parts").path(0).path("text").asString()).isEqualTo("hi");
        assertThat(sent.json().has("model")).isFalse();

        ChatResult.Success ok = (ChatResult.Success) result;
        JsonNode body = ok.body();
        assertThat(body.path("id").asString()).isEqualTo("chatcmpl-r-text-1");
        assertThat(body.path("object").asString()).isEqualTo("chat.completion");
        assertThat(body.path("created").asLong()).isEqualTo(h.clock.instant().getEpochSecond());
        assertThat(body.path("model").asString()).isEqualTo("gemini-2.5-flash");
        JsonNode choice = body.path("choices").path(0);
        assertThat(choice.path("index").asInt()).isZero();
        assertThat(choice.path("message").path("role").asString()).isEqualTo("assistant");
        assertThat(choice.path("message").path("content").asString()).isEqualTo("Hello! How can I help?");
        assertThat(choice.path("message").has("reasoning_content")).isFalse();
        assertThat(choice.path("finish_reason").asString()).isEqualTo("stop");
        assertThat(body.path("usage").path("prompt_tokens").asLong()).isEqualTo(5);
        assertThat(body.path("usage").path("completion_tokens").asLong()).isEqualTo(8);
        assertThat(body.path("usage").path("total_tokens").asLong()).isEqualTo(13);
        assertThat(ok.usage()).isEqualTo(new Usage(5, 8, false));
        assertThat(ok.firstByteMillis()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void complete_thoughtParts_becomeReasoningContent_andThoughtTokensCountAsCompletion(FakeUpstream upstream) {
        ChatResult result = complete(upstream, "thoughts.json");

        JsonNode message = message(result);
        assertThat(message.path("content").asString()).isEqualTo("4");
        assertThat(message.path("reasoning_content").asString()).isEqualTo("The user asks for 2+2. That is simple arithmetic.");
        JsonNode usage = ((ChatResult.Success) result).body().path("usage");
        assertThat(usage.path("completion_tokens").asLong()).isEqualTo(65);
        assertThat(usage.path("completion_tokens_details").path("reasoning_tokens").asLong()).isEqualTo(64);
        assertThat(usage.path("prompt_tokens_details").path("cached_tokens").asLong()).isEqualTo(4);
        assertThat(((ChatResult.Success) result).usage()).isEqualTo(new Usage(12, 65, false));
    }

    @Test
    void complete_functionCalls_becomeToolCalls_withIdsJsonArgumentsAndTheSignature(FakeUpstream upstream) {
        ChatResult result = complete(upstream, "tool-call.json");

        JsonNode choice = ((ChatResult.Success) result).body().path("choices").path(0);
        assertThat(choice.path("finish_reason").asString()).isEqualTo("tool_calls");
        JsonNode message = choice.path("message");
        assertThat(message.path("content").isNull()).isTrue();
        assertThat(message.path("reasoning_content").asString()).isEqualTo("I should look up both cities.");
        JsonNode calls = message.path("tool_calls");
        assertThat(calls.size()).isEqualTo(2);
        assertThat(calls.path(0).path("id").asString()).startsWith("call_").hasSizeGreaterThan(10);
        assertThat(calls.path(1).path("id").asString()).startsWith("call_").isNotEqualTo(calls.path(0).path("id").asString());
        assertThat(calls.path(0).path("type").asString()).isEqualTo("function");
        assertThat(calls.path(0).path("function").path("name").asString()).isEqualTo("get_weather");
        assertThat(Json.tryParse(calls.path(1).path("function").path("arguments").asString()).orElseThrow())
                .isEqualTo(Json.tryParse("{\"city\":\"Rome\",\"units\":{\"temp\":\"c\"}}").orElseThrow());
        assertThat(calls.path(0).path("extra_content").path("google").path("thought_signature").asString()).isEqualTo("CiQBcsjafDLxaW1T");
        assertThat(calls.path(1).has("extra_content")).isFalse();
        assertThat(calls.path(0).has("index")).isFalse();
    }

    @Test
    void toolRoundTrip_signatureIsReplayedEvenWhenTheClientDropsIt(FakeUpstream upstream) {
        ChatResult first = complete(upstream, "tool-call.json");
        JsonNode calls = message(first).path("tool_calls");
        String parisId = calls.path(0).path("id").asString();
        String romeId = calls.path(1).path("id").asString();
        upstream.takeRequest();

        ChatRequest followUp = request("""
                {"model":"auto","messages":[{"role":"user","content":"Weather in Paris and Rome?"},
                 {"role":"assistant","content":null,"tool_calls":[
                   {"id":"%s","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}},
                   {"id":"%s","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Rome\\"}"}}]},
                 {"role":"tool","tool_call_id":"%s","content":"18 C"},
                 {"role":"tool","tool_call_id":"%s","content":"25 C"}]}""".formatted(parisId, romeId, parisId, romeId));
        upstream.enqueue(Script.json(200, fixture("responses/text.json")));
        ChatResult second = h.adapter.complete(call(upstream, "gemini-3-flash-preview", followUp));

        assertThat(second).isInstanceOf(ChatResult.Success.class);
        JsonNode contents = upstream.takeRequest().json().path("contents");
        JsonNode modelTurn = contents.path(1);
        assertThat(modelTurn.path("role").asString()).isEqualTo("model");
        assertThat(modelTurn.path("parts").path(0).path("functionCall").path("name").asString()).isEqualTo("get_weather");
        assertThat(modelTurn.path("parts").path(0).path("thoughtSignature").asString()).isEqualTo("CiQBcsjafDLxaW1T");
        assertThat(modelTurn.path("parts").path(1).has("thoughtSignature")).isFalse();
        JsonNode results = contents.path(2);
        assertThat(results.path("role").asString()).isEqualTo("user");
        assertThat(results.path("parts").size()).isEqualTo(2);
        assertThat(results.path("parts").path(1).path("functionResponse").path("name").asString()).isEqualTo("get_weather");
        assertThat(results.path("parts").path(1).path("functionResponse").path("response").path("output").asString()).isEqualTo("25 C");
    }

    @Test
    void complete_maxTokens_isLength_andTheModelIdIsUsedWithoutModelVersion(FakeUpstream upstream) {
        upstream.enqueue(Script.json(200, "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"a\"}]},\"finishReason\":\"MAX_TOKENS\"}]}"));
        ChatResult result = h.adapter.complete(call(upstream, "models/gemini-2.5-flash", chat("hi", false)));

        JsonNode body = ((ChatResult.Success) result).body();
        assertThat(upstream.takeRequest().path()).isEqualTo("/v1beta/models/gemini-2.5-flash:generateContent");
        assertThat(body.path("choices").path(0).path("finish_reason").asString()).isEqualTo("length");
        assertThat(body.path("model").asString()).isEqualTo("gemini-2.5-flash");
        assertThat(body.path("id").asString()).startsWith("chatcmpl-");
        assertThat(body.has("usage")).isFalse();
        assertThat(((ChatResult.Success) result).usage()).isEqualTo(Usage.NONE);
    }

    @Test
    void complete_partialAnswerStoppedByAFilter_isKeptWithContentFilter(FakeUpstream upstream) {
        ChatResult result = complete(upstream, "recitation-partial.json");
        assertThat(message(result).path("content").asString()).isEqualTo("The first verse goes");
        assertThat(((ChatResult.Success) result).body().path("choices").path(0).path("finish_reason").asString()).isEqualTo("content_filter");
    }

    @Test
    void complete_severalCandidates_becomeSeveralChoices(FakeUpstream upstream) {
        JsonNode choices = ((ChatResult.Success) complete(upstream, "two-candidates.json")).body().path("choices");
        assertThat(choices.size()).isEqualTo(2);
        assertThat(choices.path(1).path("index").asInt()).isEqualTo(1);
        assertThat(choices.path(1).path("message").path("content").asString()).isEqualTo("No.");
    }

    @Test
    void complete_blockedPrompt_isAContentFilterFailureNamingTheReason(FakeUpstream upstream) {
        UpstreamError e = failure(complete(upstream, "blocked-prompt.json"));
        assertThat(e.kind()).isEqualTo(UpstreamError.Kind.IN_BAND_ERROR);
        assertThat(e.status()).isEqualTo(200);
        assertThat(e.error().code()).isEqualTo("content_filter");
        assertThat(e.error().message()).contains("PROHIBITED_CONTENT");
    }

    @Test
    void complete_emptyCandidateStoppedBySafety_isAContentFilterFailure(FakeUpstream upstream) {
        UpstreamError e = failure(complete(upstream, "safety-empty.json"));
        assertThat(e.kind()).isEqualTo(UpstreamError.Kind.IN_BAND_ERROR);
        assertThat(e.error().code()).isEqualTo("content_filter");
        assertThat(e.error().message()).contains("SAFETY");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            empty parts with STOP | {"candidates":[{"content":{"parts":[]},"finishReason":"STOP"}]}                      | MALFORMED      | empty_completion
            malformed call        | {"candidates":[{"finishReason":"MALFORMED_FUNCTION_CALL"}]}                       | MALFORMED      | empty_completion
            no candidates         | {"usageMetadata":{"promptTokenCount":3}}                                          | MALFORMED      | no_candidates
            error object in a 200 | {"error":{"code":500,"message":"Internal error encountered.","status":"INTERNAL"}} | IN_BAND_ERROR  | 500
            not JSON              | <html>oops</html>                                                                 | MALFORMED      | malformed_body
            """)
    void complete_unusable200s_areFailures(String what, String body, UpstreamError.Kind kind, String code, FakeUpstream upstream) {
        upstream.enqueue(Script.json(200, body));
        UpstreamError e = failure(h.adapter.complete(call(upstream, "gemini-2.5-flash", chat("hi", false))));
        assertThat(e.kind()).as(what).isEqualTo(kind);
        assertThat(e.error().code()).as(what).isEqualTo(code);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(textBlock = """
            STOP, stop
            MAX_TOKENS, length
            SAFETY, content_filter
            RECITATION, content_filter
            BLOCKLIST, content_filter
            PROHIBITED_CONTENT, content_filter
            SPII, content_filter
            IMAGE_SAFETY, content_filter
            LANGUAGE, stop
            OTHER, stop
            MALFORMED_FUNCTION_CALL, stop
            FINISH_REASON_UNSPECIFIED, stop
            '', stop
            """)
    void finishReason_mapping(String gemini, String openai) {
        assertThat(ResponseTranslator.finishReason(gemini, false)).isEqualTo(openai);
        assertThat(ResponseTranslator.finishReason(gemini, true)).isEqualTo("tool_calls");
    }
}
