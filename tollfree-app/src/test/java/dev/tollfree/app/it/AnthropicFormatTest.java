package dev.tollfree.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.tollfree.testkit.FakeUpstream;
import dev.tollfree.testkit.RecordedRequest;
import dev.tollfree.testkit.Script;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A custom provider that speaks the Anthropic Messages API, used through the OpenAI SDK. */
@Timeout(60)
class AnthropicFormatTest {
    @TempDir
    Path dir;

    private static String fixture(String path) {
        try (InputStream in = AnthropicFormatTest.class.getResourceAsStream("/fixtures/anthropic/" + path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void chatAndStream_throughAnAnthropicFormatCustomProvider() {
        try (FakeUpstream up = FakeUpstream.start().on("/models", Script.json(200, fixture("models/page-2.json")))) {
            up.enqueue(Script.json(200, fixture("responses/text.json")));
            up.enqueue(Script.sse(List.of()).rawEvents(List.of(fixture("streams/text.sse"))));
            try (Gateway g = Gateway.start(dir, Gateway.withProviders("""
                    claude-proxy:
                      base_url: %s/v1
                      format: anthropic
                      keys: [ sk-ant-test-000000000000 ]
                      models:
                        - { id: claude-test, context_window: 200000, max_output: 8192, capabilities: [tools, vision, reasoning] }
                    """.formatted(up.baseUrl())), Map.of())) {
                OpenAIClient client = OpenAIOkHttpClient.builder().apiKey(Gateway.ADMIN_KEY).baseUrl(g.v1()).maxRetries(0).build();
                try {
                    ChatCompletion c = client.chat().completions().create(ChatCompletionCreateParams.builder()
                            .model("claude-proxy/claude-test").addSystemMessage("be brief").addUserMessage("hi").build());
                    assertThat(c.choices().getFirst().message().content()).isPresent();
                    RecordedRequest sent = up.requests("/messages").getFirst();
                    assertThat(sent.header("x-api-key")).contains("sk-ant-test-000000000000");
                    assertThat(sent.header("anthropic-version")).isPresent();
                    assertThat(sent.json().path("system").toString()).contains("be brief");
                    assertThat(sent.json().path("max_tokens").asInt()).isPositive();

                    StringBuilder text = new StringBuilder();
                    try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(ChatCompletionCreateParams.builder()
                            .model("claude-proxy/claude-test").addUserMessage("hi").build())) {
                        s.stream().forEach(ch -> ch.choices().forEach(x -> x.delta().content().ifPresent(text::append)));
                    }
                    assertThat(text).isNotEmpty();
                } finally {
                    client.close();
                }
            }
        }
    }
}
