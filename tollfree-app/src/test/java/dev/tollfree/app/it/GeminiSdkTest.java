package dev.tollfree.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.tollfree.testkit.FakeUpstream;
import dev.tollfree.testkit.RecordedRequest;
import dev.tollfree.testkit.Script;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The OpenAI SDK through Tollfree to a fake that speaks Gemini's native API (fixtures from the core adapter tests). */
@Timeout(60)
class GeminiSdkTest {
    @TempDir
    Path dir;

    FakeUpstream gemini;
    Gateway g;
    OpenAIClient client;

    private static String fixture(String path) {
        try (InputStream in = GeminiSdkTest.class.getResourceAsStream("/fixtures/gemini/" + path)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Script sse(String path) {
        return Script.sse(List.of()).rawEvents(List.of(fixture("streams/" + path)));
    }

    @BeforeEach
    void start() {
        gemini = FakeUpstream.start().on("/models", Script.json(200, fixture("models/page-2.json")));
        g = Gateway.start(dir, Gateway.withProviders("""
                gemini:
                  base_url: %s/v1beta
                  keys: [ AIzaSy-test-key-000000000000000 ]
                """.formatted(gemini.baseUrl())), Map.of());
        client = OpenAIOkHttpClient.builder().apiKey(Gateway.ADMIN_KEY).baseUrl(g.v1()).maxRetries(0).timeout(Duration.ofSeconds(30)).build();
    }

    @AfterEach
    void stop() {
        client.close();
        g.close();
        gemini.close();
    }

    private List<RecordedRequest> calls() {
        return gemini.requests().stream().filter(r -> r.path().contains(":")).toList();
    }

    @Test
    void chat_throughGeminiNative_withTheKeyInItsHeader() {
        gemini.enqueue(Script.json(200, fixture("responses/text.json")));

        ChatCompletion c = client.chat().completions().create(
                ChatCompletionCreateParams.builder().model("gemini/gemini-2.5-flash").addUserMessage("hi").build());

        assertThat(c.choices().getFirst().message().content()).isPresent();
        RecordedRequest sent = calls().getFirst();
        assertThat(sent.path()).endsWith("/models/gemini-2.5-flash:generateContent");
        assertThat(sent.header("x-goog-api-key")).contains("AIzaSy-test-key-000000000000000");
        assertThat(sent.header("Authorization")).isEmpty();
        assertThat(sent.json().path("contents").get(0).path("parts").get(0).path("text").asText()).isEqualTo("hi");
    }

    @Test
    void reasoning_arrivesAsReasoningContent() {
        gemini.enqueue(Script.json(200, fixture("responses/thoughts.json")));

        ChatCompletion c = client.chat().completions().create(
                ChatCompletionCreateParams.builder().model("gemini/gemini-2.5-flash").addUserMessage("think").build());

        JsonValue reasoning = c.choices().getFirst().message()._additionalProperties().get("reasoning_content");
        assertThat(reasoning).isNotNull();
        assertThat(reasoning.toString()).isNotBlank();
    }

    @Test
    void stream_textDeltasWithoutDone_completeCleanly() {
        gemini.enqueue(sse("text.sse"));
        StringBuilder text = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("gemini/gemini-2.5-flash").addUserMessage("hi").build())) {
            s.stream().forEach(ch -> ch.choices().forEach(c -> c.delta().content().ifPresent(text::append)));
        }
        assertThat(text).isNotEmpty();
        assertThat(calls().getFirst().path()).endsWith(":streamGenerateContent");
        assertThat(calls().getFirst().query()).contains("alt=sse");
    }

    @Test
    void tools_becomeFunctionDeclarations_andFunctionCallsComeBackAsToolCalls() {
        gemini.enqueue(Script.json(200, fixture("responses/tool-call.json")));

        ChatCompletion c = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gemini/gemini-2.5-flash").addUserMessage("weather?")
                .addFunctionTool(FunctionDefinition.builder().name("get_weather")
                        .parameters(FunctionParameters.builder()
                                .putAdditionalProperty("type", JsonValue.from("object"))
                                .putAdditionalProperty("additionalProperties", JsonValue.from(false))
                                .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                                .build())
                        .build())
                .build());

        assertThat(c.choices().getFirst().message().toolCalls()).isPresent();
        var declared = calls().getFirst().json().path("tools").get(0).path("functionDeclarations").get(0);
        assertThat(declared.path("name").asText()).isEqualTo("get_weather");
        assertThat(declared.path("parameters").has("additionalProperties")).isFalse();
    }

    @Test
    void webSearch_onGemini_isGroundingWithGoogleSearch() {
        gemini.enqueue(Script.json(200, fixture("responses/text.json")));

        var r = g.post("/v1/chat/completions/web-search",
                "{\"model\":\"gemini/gemini-2.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"news?\"}]}", Gateway.ADMIN_KEY);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(calls().getFirst().json().path("tools").toString()).contains("google_search");
    }
}
