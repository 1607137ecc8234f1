package dev.tollfree.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollfree.testkit.FakeUpstream;
import dev.tollfree.testkit.RecordedRequest;
import dev.tollfree.testkit.Script;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** POST /v1/chat/completions/web-search: only web-search models, each asked in its own dialect. */
@Timeout(60)
class WebSearchTest {
    private static final String ASK = "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"latest news?\"}]}";

    @TempDir
    Path dir;

    @Test
    void webSearch_goesOnlyToSearchModels_withEachProvidersSwitch() throws Exception {
        try (FakeUpstream groq = FakeUpstream.start().on("/models", Script.models("groq/compound"));
             FakeUpstream plain = FakeUpstream.start().on("/models", Script.models("m1"))) {
            groq.setDefault(Script.chatCompletion("groq/compound", "searched"));
            plain.setDefault(Script.chatCompletion("m1", "plain"));
            String yaml = Gateway.withProviders("""
                    groq:
                      base_url: %s/openai/v1
                      keys: [ gsk_test_key_0000000000000000 ]
                    plain:
                      base_url: %s/v1
                      format: openai
                      models:
                        - { id: m1, context_window: 131072, intelligence: 99 }
                    """.formatted(groq.baseUrl(), plain.baseUrl()));
            try (Gateway g = Gateway.start(dir, yaml, Map.of())) {
                HttpResponse<String> r = g.post("/v1/chat/completions/web-search", ASK, Gateway.ADMIN_KEY);

                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.headers().firstValue("X-Routed-Via")).contains("groq/groq/compound");
                List<RecordedRequest> sent = groq.requests("/chat/completions");
                assertThat(sent).hasSize(1);
                assertThat(sent.getFirst().json().path("compound_custom").path("tools").path("enabled_tools").toString()).contains("web_search");
                assertThat(plain.requests("/chat/completions")).isEmpty();

                HttpResponse<String> normal = g.post("/v1/chat/completions", ASK, Gateway.ADMIN_KEY);
                assertThat(normal.headers().firstValue("X-Routed-Via")).contains("plain/m1");
            }
        }
    }

    @Test
    void webSearch_withoutAnySearchModel_is422() throws Exception {
        try (FakeUpstream plain = FakeUpstream.start().on("/models", Script.models("m1"))) {
            try (Gateway g = Gateway.start(dir, Gateway.withProviders("""
                    plain:
                      base_url: %s/v1
                      format: openai
                      models:
                        - { id: m1, context_window: 131072 }
                    """.formatted(plain.baseUrl())), Map.of())) {
                HttpResponse<String> r = g.post("/v1/chat/completions/web-search", ASK, Gateway.ADMIN_KEY);
                assertThat(r.statusCode()).isEqualTo(422);
                assertThat(r.body()).contains("no_web_search_model");
                assertThat(plain.requests("/chat/completions")).isEmpty();
            }
        }
    }
}
