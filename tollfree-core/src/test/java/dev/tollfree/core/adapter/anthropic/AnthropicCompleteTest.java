package dev.tollfree.core.adapter.anthropic;

import static dev.tollfree.core.adapter.anthropic.AnthropicHarness.call;
import static dev.tollfree.core.adapter.anthropic.AnthropicHarness.chat;
import static dev.tollfree.core.adapter.anthropic.AnthropicHarness.fixture;
import static org.assertj.core.api.Assertions.assertThat;

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
import tools.jackson.databind.JsonNode;

/** POST /messages through the real adapter: the request on the wire and the answer as a chat.completion. */
@ExtendWith(FakeUpstreamExtension.class)
@Timeout(20)
class AnthropicCompleteTest {
    private static AnthropicHarness h;

    @BeforeAll
    static void start() {
        h = new AnthropicHarness();
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    private static ChatResult complete(FakeUpstream upstream, String fixture) {
        upstream.enqueue(Script.json(200, fixture("responses/" + fixture)));
        return h.adapter.complete(call(upstream, chat("hi", false)));
    }

    private static ChatResult.Success success(ChatResult result) {
        assertThat(result).isInstanceOf(ChatResult.Success.class);
        return (ChatResult.Success) result;
    }

    private static UpstreamError failure(ChatResult result) {
        assertThat(result).isInstanceOf(ChatResult.Failure.class);
        return ((ChatResult.Failure) result).error();
    }

    @Test
    void text_postsToMessages_withVersionAndKeyHeaders_andAnswersAChatCompletion(FakeUpstream upstream) {
        ChatResult.Success ok = success(complete(upstream, "text.json"));

        RecordedRequest sent = upstream.takeRequest();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/v1/messages");
        assertThat(sent.header("anthropic-version")).contains("2023-06-01");
        assertThat(sent.header("content-type")).contains("application/json");
        assertThat(sent.header("x-api-key")).contains("sk-ant-test-key");
        assertThat(sent.header("Authorization")).isEmpty();
        assertThat(sent.json().path("model").asString()).isEqualTo("claude-sonnet-4-5");
        assertThat(sent.json().path("max_tokens").asLong()).isEqualTo(8192);
        assertThat(sent.json().has("stream")).isFalse();

        JsonNode body = ok.body();
        assertThat(body.path("id").asString()).isEqualTo("chatcmpl-msg_01TextAnswer");
        assertThat(body.path("object").asString()).isEqualTo("chat.completion");
        assertThat(body.path("created").asLong()).isEqualTo(h.clock.instant().getEpochSecond());
        assertThat(body.path("model").asString()).isEqualTo("claude-sonnet-4-5-20250929");
        JsonNode choice = body.path("choices").path(0);
        assertThat(choice.path("message").path("role").asString()).isEqualTo("assistant");
        assertThat(choice.path("message").path("content").asString()).isEqualTo("Seven is prime.");
        assertThat(choice.path("finish_reason").asString()).isEqualTo("stop");
        // cache writes and reads count as prompt tokens
        assertThat(ok.usage()).isEqualTo(new Usage(20, 6, false));
        assertThat(body.path("usage").path("total_tokens").asLong()).isEqualTo(26);
        assertThat(body.path("usage").path("prompt_tokens_details").path("cached_tokens").asLong()).isEqualTo(5);
        assertThat(ok.firstByteMillis()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void thinkingBlocks_becomeReasoningContent_redactedThinkingIsNotShown(FakeUpstream upstream) {
        JsonNode message = success(complete(upstream, "thinking.json")).body().path("choices").path(0).path("message");
        assertThat(message.path("reasoning_content").asString()).isEqualTo("1001 = 7 * 11 * 13.");
        assertThat(message.path("content").asString()).isEqualTo("No, 1001 = 7 x 11 x 13.");
    }

    @Test
    void toolUseBlocks_becomeToolCalls_withTheInputAsJsonText(FakeUpstream upstream) {
        JsonNode choice = success(complete(upstream, "tool-use.json")).body().path("choices").path(0);
        assertThat(choice.path("finish_reason").asString()).isEqualTo("tool_calls");
        assertThat(choice.path("message").path("content").isNull()).isTrue();
        JsonNode calls = choice.path("message").path("tool_calls");
        assertThat(calls).hasSize(2);
        assertThat(calls.path(0).path("id").asString()).isEqualTo("toolu_01Paris");
        assertThat(calls.path(0).path("type").asString()).isEqualTo("function");
        assertThat(calls.path(0).path("function").path("name").asString()).isEqualTo("get_weather");
        assertThat(calls.path(0).path("function").path("arguments").asString()).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(calls.path(1).path("function").path("arguments").asString()).isEqualTo("{\"city\":\"Rome\",\"unit\":\"c\"}");
    }

    @Test
    void maxTokens_finishesWithLength(FakeUpstream upstream) {
        JsonNode choice = success(complete(upstream, "max-tokens.json")).body().path("choices").path(0);
        assertThat(choice.path("finish_reason").asString()).isEqualTo("length");
    }

    @Test
    void refusalWithoutContent_isAContentFilterFailure(FakeUpstream upstream) {
        UpstreamError e = failure(complete(upstream, "refusal-empty.json"));
        assertThat(e.kind()).isEqualTo(UpstreamError.Kind.IN_BAND_ERROR);
        assertThat(e.error().code()).isEqualTo("content_filter");
    }

    @Test
    void finishReasons_mapAsDocumented() {
        assertThat(ResponseTranslator.finishReason("end_turn", false)).isEqualTo("stop");
        assertThat(ResponseTranslator.finishReason("stop_sequence", false)).isEqualTo("stop");
        assertThat(ResponseTranslator.finishReason("max_tokens", false)).isEqualTo("length");
        assertThat(ResponseTranslator.finishReason("tool_use", true)).isEqualTo("tool_calls");
        assertThat(ResponseTranslator.finishReason("refusal", false)).isEqualTo("content_filter");
    }

    @Test
    void errorObjectInA200_isAnInBandError(FakeUpstream upstream) {
        upstream.enqueue(Script.json(200, fixture("errors/overloaded.json")));
        UpstreamError e = failure(h.adapter.complete(call(upstream, chat("hi", false))));
        assertThat(e.kind()).isEqualTo(UpstreamError.Kind.IN_BAND_ERROR);
        assertThat(e.error().type()).isEqualTo("overloaded_error");
        assertThat(e.error().message()).isEqualTo("Overloaded");
    }

    @Test
    void bodyThatIsNotJson_isMalformed(FakeUpstream upstream) {
        upstream.enqueue(Script.json(200, "<html>oops</html>"));
        UpstreamError e = failure(h.adapter.complete(call(upstream, chat("hi", false))));
        assertThat(e.kind()).isEqualTo(UpstreamError.Kind.MALFORMED);
    }
}
