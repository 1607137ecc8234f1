package dev.tollfree.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.errors.RateLimitException;
import com.openai.errors.SseException;
import com.openai.errors.UnauthorizedException;
import com.openai.errors.UnprocessableEntityException;
import com.openai.errors.InternalServerException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartImage;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.models.Model;
import dev.tollfree.testkit.FakeUpstream;
import dev.tollfree.testkit.RecordedRequest;
import dev.tollfree.testkit.Script;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The official OpenAI Java SDK, talking to a real Tollfree in front of scripted fake providers. */
@Timeout(60)
class OpenAiSdkTest {
    @TempDir
    Path dir;

    FakeUpstream primary;
    FakeUpstream backup;
    Gateway gateway;
    OpenAIClient client;

    @BeforeEach
    void start() {
        primary = FakeUpstream.start().on("/models", Script.models("smart-1"));
        backup = FakeUpstream.start().on("/models", Script.models("vision-1"));
        gateway = Gateway.start(dir, Gateway.withProviders("""
                primary:
                  base_url: %s/v1
                  format: openai
                  keys: [ sk-primary-secret-1234 ]
                  models:
                    - id: smart-1
                      context_window: 8192
                      capabilities: [tools]
                      intelligence: 90
                backup:
                  base_url: %s/v1
                  format: openai
                  keys: [ sk-backup-secret-5678 ]
                  models:
                    - id: vision-1
                      context_window: 32768
                      capabilities: [tools, vision]
                      intelligence: 60
                """.formatted(primary.baseUrl(), backup.baseUrl())), Map.of());
        client = OpenAIOkHttpClient.builder().apiKey(Gateway.ADMIN_KEY).baseUrl(gateway.v1())
                .maxRetries(0).timeout(Duration.ofSeconds(30)).build();
    }

    @AfterEach
    void stop() {
        client.close();
        gateway.close();
        primary.close();
        backup.close();
    }

    private static List<RecordedRequest> chat(FakeUpstream upstream) {
        return upstream.requests("/chat/completions");
    }

    private static ChatCompletionCreateParams ask(String model, String text) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage(text).build();
    }

    @Test
    void chat_auto_isServedByTheBestModelAndNamesIt() {
        primary.enqueue(Script.chatCompletion("smart-1", "Hello from primary"));

        var raw = client.chat().completions().withRawResponse().create(ask("auto", "hi"));
        ChatCompletion completion = raw.parse();

        assertThat(completion.choices().getFirst().message().content()).contains("Hello from primary");
        assertThat(raw.headers().values("X-Routed-Via")).containsExactly("primary/smart-1");
        RecordedRequest sent = chat(primary).getFirst();
        assertThat(sent.path()).isEqualTo("/v1/chat/completions");
        assertThat(sent.header("Authorization")).contains("Bearer sk-primary-secret-1234");
        assertThat(sent.json().path("model").asText()).isEqualTo("smart-1");
        assertThat(chat(backup).size()).isZero();
    }

    @Test
    void chat_primaryRateLimited_failsOverAndCountsTheAttempt() {
        primary.enqueue(Script.error(429, "Rate limit reached, try again in 20s", "rate_limit_error", "rate_limit_exceeded").header("Retry-After", "20"));
        backup.enqueue(Script.chatCompletion("vision-1", "Hello from backup"));

        var raw = client.chat().completions().withRawResponse().create(ask("auto", "hi"));

        assertThat(raw.parse().choices().getFirst().message().content()).contains("Hello from backup");
        assertThat(raw.headers().values("X-Routed-Via")).containsExactly("backup/vision-1");
        assertThat(raw.headers().values("X-Fallback-Attempts")).containsExactly("1");
        assertThat(raw.parse().usage()).isPresent();
    }

    @Test
    void chat_namedModel_isAStrictPin() {
        primary.enqueue(Script.error(503, "overloaded", "server_error", "overloaded"));

        assertThatThrownBy(() -> client.chat().completions().create(ask("primary/smart-1", "hi")))
                .isInstanceOf(com.openai.errors.OpenAIServiceException.class)
                .satisfies(e -> assertThat(((com.openai.errors.OpenAIServiceException) e).statusCode()).isEqualTo(502))
                .hasMessageContaining("primary/smart-1");
        assertThat(chat(backup).size()).isZero();
    }

    @Test
    void stream_deliversDeltasUsageOnceAndRoutedHeader() {
        primary.enqueue(Script.chatStream("smart-1", List.of("Hel", "lo", " world")));
        ChatCompletionCreateParams params = ask("auto", "hi").toBuilder()
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();

        StringBuilder text = new StringBuilder();
        List<ChatCompletionChunk> usageChunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
            stream.stream().forEach(chunk -> {
                chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append));
                if (chunk.usage().isPresent()) {
                    usageChunks.add(chunk);
                }
            });
        }

        assertThat(text.toString()).isEqualTo("Hello world");
        assertThat(usageChunks).hasSize(1);
        assertThat(chat(primary).getFirst().json().path("stream_options").path("include_usage").asBoolean()).isTrue();
    }

    @Test
    void stream_failureBeforeFirstTokenFailsOverInvisibly() {
        primary.enqueue(Script.error(500, "boom", "server_error", null));
        backup.enqueue(Script.chatStream("vision-1", List.of("fine", "!")));

        StringBuilder text = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(ask("auto", "hi"))) {
            stream.stream().forEach(chunk -> chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append)));
        }

        assertThat(text.toString()).isEqualTo("fine!");
    }

    @Test
    void stream_cutAfterCommit_raisesInTheSdkInsteadOfLookingComplete() {
        primary.enqueue(Script.sse(List.of(
                "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"smart-1\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"partial\"},\"finish_reason\":null}]}"))
                .noDone());

        List<String> seen = new ArrayList<>();
        assertThatThrownBy(() -> {
            try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(ask("auto", "hi"))) {
                stream.stream().forEach(chunk -> chunk.choices().forEach(c -> c.delta().content().ifPresent(seen::add)));
            }
        }).isInstanceOf(SseException.class).hasMessageContaining("incomplete");
        assertThat(seen).containsExactly("partial");
    }

    @Test
    void tools_roundTripThroughTheGateway() {
        primary.enqueue(Script.toolCall("smart-1", "get_weather", "{\"city\":\"Oslo\"}"));
        ChatCompletionCreateParams params = ask("auto", "weather in Oslo?").toBuilder()
                .addFunctionTool(FunctionDefinition.builder().name("get_weather")
                        .parameters(FunctionParameters.builder()
                                .putAdditionalProperty("type", JsonValue.from("object"))
                                .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                                .build())
                        .build())
                .build();

        ChatCompletion completion = client.chat().completions().create(params);

        List<ChatCompletionMessageToolCall> calls = completion.choices().getFirst().message().toolCalls().orElseThrow();
        assertThat(calls).hasSize(1);
        assertThat(calls.getFirst().asFunction().function().name()).isEqualTo("get_weather");
        assertThat(calls.getFirst().asFunction().function().arguments()).contains("Oslo");
        assertThat(chat(primary).getFirst().json().path("tools").get(0).path("function").path("name").asText())
                .isEqualTo("get_weather");
    }

    @Test
    void images_goOnlyToVisionModels() {
        backup.enqueue(Script.chatCompletion("vision-1", "a cat"));
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("auto")
                .addUserMessageOfArrayOfContentParts(List.of(
                        ChatCompletionContentPart.ofText(ChatCompletionContentPartText.builder().text("what is this?").build()),
                        ChatCompletionContentPart.ofImageUrl(ChatCompletionContentPartImage.builder()
                                .imageUrl(ChatCompletionContentPartImage.ImageUrl.builder().url("data:image/png;base64,iVBORw0KGgo=").build())
                                .build())))
                .build();

        var raw = client.chat().completions().withRawResponse().create(params);

        assertThat(raw.headers().values("X-Routed-Via")).containsExactly("backup/vision-1");
        assertThat(chat(primary).size()).isZero();
    }

    @Test
    void images_withNoVisionModel_are422() {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("primary/smart-1")
                .addUserMessageOfArrayOfContentParts(List.of(
                        ChatCompletionContentPart.ofImageUrl(ChatCompletionContentPartImage.builder()
                                .imageUrl(ChatCompletionContentPartImage.ImageUrl.builder().url("https://example.invalid/cat.png").build())
                                .build())))
                .build();

        assertThatThrownBy(() -> client.chat().completions().create(params))
                .isInstanceOf(UnprocessableEntityException.class)
                .satisfies(e -> assertThat(((UnprocessableEntityException) e).code()).contains("no_vision_model"));
    }

    @Test
    void models_listAutoAndEveryServableModel() {
        List<String> ids = client.models().list().data().stream().map(Model::id).toList();

        assertThat(ids).contains("auto", "smart-1", "vision-1", "primary/smart-1", "backup/vision-1");
        assertThat(client.models().retrieve("primary/smart-1").id()).isEqualTo("primary/smart-1");
        assertThatThrownBy(() -> client.models().retrieve("nope")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void errors_surfaceAsTheSdkOwnTypes() {
        OpenAIClient wrongKey = OpenAIOkHttpClient.builder().apiKey("tf-wrong-key-000000000000000").baseUrl(gateway.v1()).maxRetries(0).build();
        try {
            assertThatThrownBy(() -> wrongKey.chat().completions().create(ask("auto", "hi"))).isInstanceOf(UnauthorizedException.class);
        } finally {
            wrongKey.close();
        }
        assertThatThrownBy(() -> client.chat().completions().create(ask("no-such-model", "hi")))
                .isInstanceOf(NotFoundException.class)
                .satisfies(e -> assertThat(((NotFoundException) e).code()).contains("model_not_found"));

        primary.enqueue(Script.error(429, "Rate limit reached for requests per day (RPD)", "rate_limit_error", "rate_limit_exceeded"));
        backup.enqueue(Script.error(429, "slow down", "rate_limit_error", "rate_limit_exceeded").header("Retry-After", "7"));
        assertThatThrownBy(() -> client.chat().completions().create(ask("auto", "hi")))
                .isInstanceOf(RateLimitException.class)
                .satisfies(e -> assertThat(((RateLimitException) e).headers().values("Retry-After")).isNotEmpty());

        // both keys are now benched: the next call is refused without touching either provider
        int before = chat(primary).size() + chat(backup).size();
        assertThatThrownBy(() -> client.chat().completions().create(ask("auto", "hi")))
                .isInstanceOf(RateLimitException.class)
                .hasMessageContaining("benched");
        assertThat(chat(primary).size() + chat(backup).size()).isEqualTo(before);
    }

    @Test
    void contentPolicy_isNotRetriedAndTheReasonReachesTheCaller() {
        primary.enqueue(Script.error(400, "Your request was flagged by our content_policy", "invalid_request_error", "content_policy_violation"));

        assertThatThrownBy(() -> client.chat().completions().create(ask("auto", "hi")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("flagged");
        assertThat(chat(backup).size()).isZero();
    }

    @Test
    void upstreamDown_everywhere_is502WithOneLinePerCandidate() {
        primary.enqueue(Script.error(500, "primary exploded", "server_error", null));
        backup.enqueue(Script.reset());

        assertThatThrownBy(() -> client.chat().completions().create(ask("auto", "hi")))
                .isInstanceOf(InternalServerException.class)
                .hasMessageContaining("primary/smart-1")
                .hasMessageContaining("backup/vision-1");
    }
}
