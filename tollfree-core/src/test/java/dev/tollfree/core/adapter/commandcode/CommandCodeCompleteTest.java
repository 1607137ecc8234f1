package dev.tollfree.core.adapter.commandcode;

import static dev.tollfree.core.adapter.commandcode.CommandCodeHarness.call;
import static dev.tollfree.core.adapter.commandcode.CommandCodeHarness.chat;
import static dev.tollfree.core.adapter.commandcode.CommandCodeHarness.ndjson;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollfree.core.adapter.ChatResult;
import dev.tollfree.core.adapter.UpstreamError;
import dev.tollfree.core.adapter.Usage;
import dev.tollfree.testkit.FakeUpstream;
import dev.tollfree.testkit.FakeUpstreamExtension;
import dev.tollfree.testkit.Script;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/** Non-streaming calls: CommandCode always streams NDJSON, so the whole stream becomes one chat.completion. */
@ExtendWith(FakeUpstreamExtension.class)
@Timeout(20)
class CommandCodeCompleteTest {
    private static CommandCodeHarness h;

    @BeforeAll
    static void start() {
        h = new CommandCodeHarness();
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    private static ChatResult complete(FakeUpstream upstream, Script script) {
        upstream.enqueue(script);
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
    void text_isAssembledIntoOneCompletion_withUsage(FakeUpstream upstream) {
        ChatResult.Success s = success(complete(upstream, ndjson("text.ndjson")));

        JsonNode body = s.body();
        assertThat(body.path("object").asString()).isEqualTo("chat.completion");
        assertThat(body.path("id").asString()).startsWith("chatcmpl-");
        assertThat(body.path("created").asLong()).isEqualTo(h.clock.instant().getEpochSecond());
        assertThat(body.path("model").asString()).isEqualTo("deepseek/deepseek-v4-flash");
        JsonNode choice = body.path("choices").path(0);
        assertThat(choice.path("message").path("role").asString()).isEqualTo("assistant");
        assertThat(choice.path("message").path("content").asString()).isEqualTo("Hello");
        assertThat(choice.path("message").has("reasoning_content")).isFalse();
        assertThat(choice.path("finish_reason").asString()).isEqualTo("stop");
        assertThat(body.path("usage").path("prompt_tokens").asLong()).isEqualTo(12);
        assertThat(body.path("usage").path("completion_tokens").asLong()).isEqualTo(2);
        assertThat(s.usage()).isEqualTo(new Usage(12, 2, false));
        assertThat(s.firstByteMillis()).isGreaterThanOrEqualTo(0);
        assertThat(upstream.takeRequest().json().path("params").path("stream").asBoolean()).isTrue();
    }

    @Test
    void reasoning_isJoinedIntoReasoningContent(FakeUpstream upstream) {
        JsonNode message = success(complete(upstream, ndjson("reasoning.ndjson"))).body().path("choices").path(0).path("message");
        assertThat(message.path("reasoning_content").asString()).isEqualTo("The user greets me.");
        assertThat(message.path("content").asString()).isEqualTo("Hi!");
    }

    @Test
    void toolCalls_becomeMessageToolCalls_withNullContentOnlyWhenThereIsNoText(FakeUpstream upstream) {
        JsonNode choice = success(complete(upstream, ndjson("tool-legacy.ndjson"))).body().path("choices").path(0);
        JsonNode message = choice.path("message");
        assertThat(message.path("content").isNull()).isTrue();
        assertThat(message.path("tool_calls")).hasSize(2);
        JsonNode first = message.path("tool_calls").path(0);
        assertThat(first.has("index")).isFalse();
        assertThat(first.path("id").asString()).startsWith("call_");
        assertThat(first.path("type").asString()).isEqualTo("function");
        assertThat(first.path("function").path("name").asString()).isEqualTo("get_weather");
        assertThat(first.path("function").path("arguments").asString()).isEqualTo("{\"city\":\"Oslo\"}");
        assertThat(choice.path("finish_reason").asString()).isEqualTo("tool_calls");

        JsonNode withText = success(complete(upstream, ndjson("tool-call.ndjson"))).body().path("choices").path(0).path("message");
        assertThat(withText.path("content").asString()).isEqualTo("Checking.");
        assertThat(withText.path("tool_calls")).hasSize(2);
    }

    @Test
    void inBandErrorBeforeOrAfterContent_isAFailure(FakeUpstream upstream) {
        assertThat(failure(complete(upstream, ndjson("error-before-content.ndjson"))).kind()).isEqualTo(UpstreamError.Kind.IN_BAND_ERROR);
        UpstreamError after = failure(complete(upstream, ndjson("error-after-content.ndjson")));
        assertThat(after.kind()).isEqualTo(UpstreamError.Kind.IN_BAND_ERROR);
        assertThat(after.error().message()).isEqualTo("Upstream provider error");
    }

    @Test
    void cutStream_isAFailure_notAPartialAnswer(FakeUpstream upstream) {
        assertThat(failure(complete(upstream, ndjson("cut.ndjson"))).kind()).isEqualTo(UpstreamError.Kind.CONNECTION_LOST);
    }

    @Test
    void stallMidBody_isIdleTimeout(FakeUpstream upstream) {
        upstream.enqueue(ndjson("text.ndjson").stallAfter(2));
        ChatResult result = h.adapter.complete(call(upstream, chat("hi", false), Duration.ofSeconds(5), Duration.ofMillis(300)));
        assertThat(failure(result).kind()).isEqualTo(UpstreamError.Kind.IDLE_TIMEOUT);
    }
}
