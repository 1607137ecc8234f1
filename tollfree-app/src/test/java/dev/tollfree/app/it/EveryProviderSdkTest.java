package dev.tollfree.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.UnprocessableEntityException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import dev.tollfree.api.Json;
import dev.tollfree.testkit.FakeUpstream;
import dev.tollfree.testkit.RecordedRequest;
import dev.tollfree.testkit.Script;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Every built-in provider of the catalog, end to end: the OpenAI Java SDK talks to a real Tollfree
 * whose provider {@code base_url} points at a fake that answers in that provider's own wire dialect
 * (the recorded fixtures of the adapter tests, {@code fixtures/<provider>/}). One gateway per
 * provider; each runs four checks: chat, stream, tool call and reasoning. A check a provider cannot
 * do is named with its reason in {@link Case} and published as a report entry, never passed silently.
 */
@Timeout(30)
class EveryProviderSdkTest {
    /** What every wire.json answer means (see the adapter tests' WireFixture). */
    static final String CONTENT = "Hello!";
    static final String REASONING = "The user greets me.";
    static final String ACCOUNT_ID = "acc123";
    static final List<String> KEYLESS = List.of("ovh", "pollinations", "llm7", "kilo");
    static final String NO_LIMITS = "{ rpm: 100000, rpd: 10000000, tpm: 100000000, tpd: 1000000000 }";

    @TempDir
    Path dir;

    /** How the provider's calls look on the wire. */
    enum Dialect { OPENAI, GEMINI, COMMANDCODE }

    /** Where the key goes. */
    enum Auth { BEARER, BEARER_WITH_ACCOUNT, GOOGLE_HEADER, NONE }

    /**
     * One provider under test.
     *
     * @param basePath       the path of the catalog base URL, kept on the fake's host
     * @param chatModel      the model pinned for the chat and stream checks
     * @param toolModel      a tool-capable model, or null when {@code toolSkip} says why there is none
     * @param reasoningModel a reasoning model, or null when {@code reasoningSkip} says why there is none
     * @param enable         catalog models disabled by default that this case enables
     */
    record Case(String id, Dialect dialect, Auth auth, String basePath, String chatModel,
                String toolModel, String toolSkip, String reasoningModel, String reasoningSkip, List<String> enable) {
        static Case openAi(String id, String basePath, String model) {
            return new Case(id, Dialect.OPENAI, Auth.BEARER, basePath, model, model, null, model, null, List.of());
        }

        Case auth(Auth a) {
            return new Case(id, dialect, a, basePath, chatModel, toolModel, toolSkip, reasoningModel, reasoningSkip, enable);
        }

        Case dialect(Dialect d) {
            return new Case(id, d, auth, basePath, chatModel, toolModel, toolSkip, reasoningModel, reasoningSkip, enable);
        }

        Case reasoning(String model) {
            return new Case(id, dialect, auth, basePath, chatModel, toolModel, toolSkip, model, null, enable);
        }

        Case noTools(String why) {
            return new Case(id, dialect, auth, basePath, reasoningModel, null, why, reasoningModel, reasoningSkip, enable);
        }

        Case enabling(String... models) {
            return new Case(id, dialect, auth, basePath, chatModel, toolModel, toolSkip, reasoningModel, reasoningSkip, List.of(models));
        }

        String key() {
            return auth == Auth.NONE ? null : "test-key-" + id + "-0123456789abcdef";
        }

        /** The path the fake must see for a chat call. */
        String callPath(String model, boolean stream) {
            String base = basePath.replace("{account_id}", ACCOUNT_ID);
            return switch (dialect) {
                case OPENAI -> base + "/chat/completions";
                case GEMINI -> base + "/models/" + model + (stream ? ":streamGenerateContent" : ":generateContent");
                case COMMANDCODE -> base;
            };
        }

        @Override
        public String toString() {
            return id;
        }
    }

    /**
     * Every built-in provider, each pinned to a catalog model with tools and reasoning where it has one.
     * Models the catalog ships disabled are enabled through {@code providers.<id>.models.<model>.enabled}.
     */
    static Stream<Case> providers() {
        return Stream.of(
                Case.openAi("gemini", "/v1beta", "gemini-2.5-flash").dialect(Dialect.GEMINI).auth(Auth.GOOGLE_HEADER),
                Case.openAi("groq", "/openai/v1", "openai/gpt-oss-120b"),
                Case.openAi("cerebras", "/v1", "gpt-oss-120b"),
                // every SambaNova model is disabled in the catalog (free tier contested)
                Case.openAi("sambanova", "/v1", "gpt-oss-120b").enabling("gpt-oss-120b"),
                Case.openAi("nvidia", "/v1", "moonshotai/kimi-k2.6"),
                Case.openAi("mistral", "/v1", "magistral-medium-latest"),
                // Codestral's only model has no reasoning capability, but its fixtures (Mistral's dialect)
                // carry thinking blocks and reasoning is not gated by capability, so it is checked on it
                Case.openAi("codestral", "/v1", "codestral-latest"),
                Case.openAi("openrouter", "/api/v1", "openai/gpt-oss-20b:free"),
                // GitHub Models: tools on GPT-4.1, reasoning (<think> in content) on DeepSeek-R1
                Case.openAi("github", "/inference", "openai/gpt-4.1").reasoning("deepseek/DeepSeek-R1"),
                Case.openAi("huggingface", "/v1", "openai/gpt-oss-120b"),
                Case.openAi("cohere", "/compatibility/v1", "command-a-reasoning-08-2025"),
                Case.openAi("cloudflare", "/client/v4/accounts/{account_id}/ai/v1", "@cf/openai/gpt-oss-120b")
                        .auth(Auth.BEARER_WITH_ACCOUNT),
                Case.openAi("zhipu", "/api/paas/v4", "glm-4.7-flash"),
                Case.openAi("zai", "/api/paas/v4", "glm-4.7-flash"),
                Case.openAi("ollama", "/v1", "gpt-oss:120b"),
                Case.openAi("ovh", "/v1", "gpt-oss-120b").auth(Auth.NONE),
                // Pollinations has no reasoning-capable model in the catalog, but its fixtures show
                // reasoning (content_blocks, reasoning_content), which is relayed whatever the capability
                Case.openAi("pollinations", "/v1", "openai-fast").auth(Auth.NONE),
                Case.openAi("llm7", "/v1", "gpt-oss:20b").auth(Auth.NONE)
                        .noTools("LLM7 has no tool-capable model in the catalog (its tool support is unconfirmed); "
                                + "checked instead that a tools request is refused with 422 no_tools_model and never sent"),
                Case.openAi("kilo", "/api/gateway", "z-ai/glm-5:free").auth(Auth.NONE),
                Case.openAi("commandcode", "/alpha/generate", "deepseek/deepseek-v4-flash").dialect(Dialect.COMMANDCODE));
    }

    // ---- fixtures --------------------------------------------------------------------------

    static String resource(String path) {
        try (InputStream in = EveryProviderSdkTest.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode wire(String provider) {
        return Json.parseObject(resource("/fixtures/" + provider + "/wire.json").getBytes(StandardCharsets.UTF_8));
    }

    static String body(JsonNode node) {
        return node.isString() ? node.stringValue() : Json.text(node);
    }

    /** A wire.json stream variant: chunk objects as SSE with [DONE], or {@code {"raw":[...]}} lines verbatim. */
    static Script wireStream(JsonNode variant) {
        if (variant.has("raw")) {
            List<String> lines = new ArrayList<>();
            variant.path("raw").forEach(l -> lines.add(l.stringValue()));
            return Script.sse(List.of()).noDone().rawEvents(lines);
        }
        List<String> payloads = new ArrayList<>();
        variant.forEach(chunk -> payloads.add(body(chunk)));
        return Script.sse(payloads);
    }

    static Script geminiJson(String name) {
        return Script.json(200, resource("/fixtures/gemini/responses/" + name));
    }

    static Script geminiSse(String name) {
        return Script.sse(List.of()).rawEvents(List.of(resource("/fixtures/gemini/streams/" + name)));
    }

    static Script ndjson(String name) {
        List<String> lines = resource("/fixtures/commandcode/streams/" + name).lines().filter(l -> !l.isEmpty()).toList();
        return Script.ndjson(lines);
    }

    // ---- the fake provider -----------------------------------------------------------------

    /** The fake: chat calls take queued answers; model lists and key checks get the fixture's answers. */
    static final class Provider implements AutoCloseable {
        final Case c;
        final FakeUpstream fake = FakeUpstream.start();
        final ConcurrentLinkedQueue<Script> answers = new ConcurrentLinkedQueue<>();
        final JsonNode wire;

        Provider(Case c) {
            this.c = c;
            this.wire = c.dialect == Dialect.OPENAI ? wire(c.id) : null;
            fake.handler(this::answer);
        }

        boolean isCall(RecordedRequest r) {
            return switch (c.dialect) {
                case OPENAI -> r.path().endsWith("/chat/completions");
                case GEMINI -> r.path().contains(":");
                case COMMANDCODE -> r.path().equals(c.basePath);
            };
        }

        private Script answer(RecordedRequest r) {
            if (isCall(r)) {
                Script next = answers.poll();
                return next != null ? next : Script.error(500, "no answer queued for " + r.path(), "server_error", null);
            }
            if (c.dialect == Dialect.GEMINI && r.path().endsWith("/models")) {
                return Script.json(200, resource("/fixtures/gemini/models/page-2.json"));
            }
            if (wire != null) {
                if (r.path().equals(wire.path("models").path("path").asString(""))) {
                    return Script.json(200, body(wire.path("models").path("body")));
                }
                // the key check's first documented answer (valid, or unknown for public model lists)
                for (Map.Entry<String, JsonNode> a : wire.path("keyCheck").path(0).path("answers").properties()) {
                    if (r.path().endsWith(a.getKey())) {
                        return Script.json(a.getValue().path("status").asInt(200), body(a.getValue().path("body")));
                    }
                }
            }
            return Script.error(503, "not scripted: " + r.path(), "server_error", null);
        }

        void answer(Script... scripts) {
            answers.clear();
            answers.addAll(List.of(scripts));
        }

        List<RecordedRequest> calls() {
            return fake.requests().stream().filter(this::isCall).toList();
        }

        String baseUrl() {
            return fake.baseUrl() + c.basePath;
        }

        @Override
        public void close() {
            fake.close();
        }
    }

    static String yaml(Case c, Provider p) {
        StringBuilder y = new StringBuilder("providers:\n");
        for (String keyless : KEYLESS) {
            if (!keyless.equals(c.id)) {
                y.append("  ").append(keyless).append(": { enabled: false }\n"); // nothing leaves the machine
            }
        }
        y.append("  ").append(c.id).append(":\n");
        y.append("    base_url: \"").append(p.baseUrl()).append("\"\n");
        switch (c.auth) {
            case BEARER, GOOGLE_HEADER -> y.append("    keys: [ \"").append(c.key()).append("\" ]\n");
            case BEARER_WITH_ACCOUNT -> y.append("    keys:\n      - { label: test, key: \"").append(c.key())
                    .append("\", account_id: ").append(ACCOUNT_ID).append(" }\n");
            case NONE -> { } // keyless: served anonymously
        }
        // the catalog's free-tier limits (down to 1 request a minute) would bench the pinned models
        // after a few calls: lifted here, the checks are about the wire, not the quota
        y.append("    limits: ").append(NO_LIMITS).append("\n");
        y.append("    models:\n");
        for (String m : new LinkedHashSet<>(Stream.of(c.chatModel, c.toolModel, c.reasoningModel)
                .filter(Objects::nonNull).toList())) {
            y.append("      \"").append(m).append("\": { ").append(c.enable.contains(m) ? "enabled: true, " : "")
                    .append("limits: ").append(NO_LIMITS).append(" }\n");
        }
        return y.toString();
    }

    // ---- the test --------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void sdk_chatStreamToolsAndReasoning_throughTheProvidersOwnDialect(Case c, TestReporter reporter) {
        try (Provider p = new Provider(c);
             Gateway g = Gateway.start(dir, yaml(c, p), Map.of())) {
            OpenAIClient client = OpenAIOkHttpClient.builder().apiKey(Gateway.ADMIN_KEY).baseUrl(g.v1())
                    .maxRetries(0).timeout(Duration.ofSeconds(15)).build();
            try {
                Checks checks = new Checks(c, p, client);
                List<Executable> run = new ArrayList<>();
                run.add(named("chat", checks::chat));
                run.add(named("stream", checks::stream));
                if (c.toolModel != null) {
                    run.add(named("tools", checks::tools));
                } else {
                    reporter.publishEntry("skipped tools", c.toolSkip);
                    System.out.println(c.id + ": tool call check skipped: " + c.toolSkip);
                    run.add(named("tools refused", checks::toolsRefused));
                }
                if (c.reasoningModel != null) {
                    run.add(named("reasoning", checks::reasoning));
                } else {
                    reporter.publishEntry("skipped reasoning", c.reasoningSkip);
                    System.out.println(c.id + ": reasoning check skipped: " + c.reasoningSkip);
                }
                Assertions.assertAll(c.id, run.stream());
            } finally {
                client.close();
            }
        }
    }

    private static Executable named(String check, Executable e) {
        return () -> {
            try {
                e.execute();
            } catch (AssertionError | RuntimeException failure) {
                throw new AssertionError(check + ": " + failure.getMessage(), failure);
            }
        };
    }

    /** The four checks against one provider's gateway. */
    record Checks(Case c, Provider p, OpenAIClient client) {
        private RecordedRequest callSince(int before) {
            List<RecordedRequest> calls = p.calls();
            assertThat(calls.size()).as("calls the fake received").isGreaterThan(before);
            return calls.get(before);
        }

        private static ChatCompletionCreateParams ask(String model, String text) {
            return ChatCompletionCreateParams.builder().model(model).addUserMessage(text).build();
        }

        private String pinned(String model) {
            return c.id + "/" + model;
        }

        private void assertAuth(RecordedRequest sent) {
            switch (c.auth) {
                case BEARER, BEARER_WITH_ACCOUNT -> assertThat(sent.header("Authorization")).contains("Bearer " + c.key());
                case GOOGLE_HEADER -> {
                    assertThat(sent.header("x-goog-api-key")).contains(c.key());
                    assertThat(sent.header("Authorization")).isEmpty();
                }
                case NONE -> assertThat(sent.header("Authorization")).as("keyless call sends no Authorization").isEmpty();
            }
        }

        private void assertModelSent(RecordedRequest sent, String model) {
            switch (c.dialect) {
                case OPENAI -> assertThat(sent.json().path("model").asString("")).isEqualTo(model);
                case GEMINI -> assertThat(sent.path()).contains("/models/" + model + ":");
                case COMMANDCODE -> assertThat(sent.json().path("params").path("model").asString("")).isEqualTo(model);
            }
        }

        // (1) chat: the text comes back, the fake saw the provider's path, auth and model

        void chat() {
            String expected = switch (c.dialect) {
                case OPENAI -> {
                    p.answer(Script.json(200, body(p.wire.path("chat").path(0))));
                    yield CONTENT;
                }
                case GEMINI -> {
                    p.answer(geminiJson("text.json"));
                    yield "Hello! How can I help?";
                }
                case COMMANDCODE -> {
                    p.answer(ndjson("text.ndjson"));
                    yield "Hello";
                }
            };
            int before = p.calls().size();

            var raw = client.chat().completions().withRawResponse().create(ask(pinned(c.chatModel), "hi"));
            ChatCompletion completion = raw.parse();

            assertThat(completion.choices()).hasSize(1);
            assertThat(completion.choices().getFirst().message().content()).contains(expected);
            assertThat(completion.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
            assertThat(raw.headers().values("X-Routed-Via")).containsExactly(pinned(c.chatModel));
            assertThat(completion.usage()).as("usage, as OpenAI always sends it").isPresent();
            assertThat(completion.usage().orElseThrow().totalTokens()).isPositive();
            RecordedRequest sent = callSince(before);
            assertThat(sent.method()).isEqualTo("POST");
            assertThat(sent.path()).isEqualTo(c.callPath(c.chatModel, false));
            assertAuth(sent);
            assertModelSent(sent, c.chatModel);
        }

        // (2) stream: the deltas concatenate to the text; the end of stream ([DONE] or none) is invisible

        void stream() {
            List<Script> variants = new ArrayList<>();
            String expected;
            switch (c.dialect) {
                case OPENAI -> {
                    p.wire.path("stream").forEach(v -> variants.add(wireStream(v)));
                    expected = CONTENT;
                }
                case GEMINI -> {
                    variants.add(geminiSse("text.sse"));
                    expected = "Hello, world";
                }
                case COMMANDCODE -> {
                    variants.add(ndjson("text.ndjson"));
                    expected = "Hello";
                }
                default -> throw new IllegalStateException();
            }
            for (int i = 0; i < variants.size(); i++) {
                p.answer(variants.get(i));
                int before = p.calls().size();
                Streamed s = Streamed.of(client, ask(pinned(c.chatModel), "hi").toBuilder()
                        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build());

                assertThat(s.text()).as("stream variant " + i + " text").isEqualTo(expected);
                assertThat(s.usageChunks()).as("stream variant " + i + ": one usage chunk for include_usage").isEqualTo(1);
                assertThat(s.finishReasons()).as("stream variant " + i + " finish").containsExactly("stop");
                RecordedRequest sent = callSince(before);
                assertThat(sent.path()).isEqualTo(c.callPath(c.chatModel, true));
                assertAuth(sent);
                switch (c.dialect) {
                    case OPENAI -> assertThat(sent.json().path("stream").asBoolean(false)).isTrue();
                    case GEMINI -> assertThat(sent.query()).contains("alt=sse");
                    case COMMANDCODE -> { } // the one endpoint always answers with a stream
                }
            }
        }

        // (3) tools: the provider's tool call comes back as the SDK's tool call, whole and streamed

        private ChatCompletionCreateParams weather(String model) {
            return ask(pinned(model), "weather in Paris?").toBuilder()
                    .addFunctionTool(FunctionDefinition.builder().name("get_weather").description("Current weather")
                            .parameters(FunctionParameters.builder()
                                    .putAdditionalProperty("type", JsonValue.from("object"))
                                    .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                                    .putAdditionalProperty("required", JsonValue.from(List.of("city")))
                                    .build())
                            .build())
                    .build();
        }

        private static String city(String argumentsJson) {
            return Json.parseObject(argumentsJson.getBytes(StandardCharsets.UTF_8)).path("city").asString("");
        }

        void tools() {
            Script whole;
            Script streamed;
            switch (c.dialect) {
                case OPENAI -> {
                    whole = Script.json(200, body(p.wire.path("toolCall")));
                    streamed = wireStream(p.wire.path("toolStream"));
                }
                case GEMINI -> {
                    whole = geminiJson("tool-call.json");
                    streamed = geminiSse("tool-call.sse");
                }
                case COMMANDCODE -> {
                    whole = ndjson("tool-call.ndjson");
                    streamed = ndjson("tool-call.ndjson");
                }
                default -> throw new IllegalStateException();
            }

            p.answer(whole);
            int before = p.calls().size();
            ChatCompletion completion = client.chat().completions().create(weather(c.toolModel));

            ChatCompletion.Choice choice = completion.choices().getFirst();
            List<ChatCompletionMessageToolCall> calls = choice.message().toolCalls().orElseThrow(
                    () -> new AssertionError("no tool_calls in " + choice.message()));
            assertThat(calls).isNotEmpty();
            var first = calls.getFirst().asFunction();
            assertThat(first.id()).isNotBlank();
            assertThat(first.function().name()).isEqualTo("get_weather");
            assertThat(city(first.function().arguments())).isEqualTo("Paris");
            assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
            RecordedRequest sent = callSince(before);
            JsonNode json = sent.json();
            String declared = switch (c.dialect) {
                case OPENAI -> json.path("tools").path(0).path("function").path("name").asString("");
                case GEMINI -> json.path("tools").path(0).path("functionDeclarations").path(0).path("name").asString("");
                case COMMANDCODE -> json.path("params").path("tools").path(0).path("name").asString("");
            };
            assertThat(declared).as("tool declared upstream in " + json).isEqualTo("get_weather");

            p.answer(streamed);
            Streamed s = Streamed.of(client, weather(c.toolModel));
            assertThat(s.toolNames()).as("streamed tool calls").isNotEmpty();
            assertThat(s.toolNames().values().iterator().next()).isEqualTo("get_weather");
            assertThat(city(s.toolArguments().values().iterator().next().toString())).isEqualTo("Paris");
            assertThat(s.toolIds()).as("every streamed call has an id").hasSameSizeAs(s.toolNames().keySet());
            assertThat(s.finishReasons()).containsExactly("tool_calls");
        }

        /** Providers without a tool-capable model: the gateway refuses the request itself. */
        void toolsRefused() {
            int before = p.calls().size();
            assertThatThrownBy(() -> client.chat().completions().create(weather(c.chatModel)))
                    .isInstanceOf(UnprocessableEntityException.class)
                    .satisfies(e -> assertThat(((UnprocessableEntityException) e).code()).contains("no_tools_model"));
            assertThat(p.calls()).hasSize(before);
        }

        // (4) reasoning: every reasoning dialect of the provider arrives as reasoning_content

        private static Optional<String> reasoningOf(ChatCompletionMessage message) {
            JsonValue v = message._additionalProperties().get("reasoning_content");
            return v == null ? Optional.empty() : v.asString();
        }

        void reasoning() {
            record Expect(Script whole, String content, String reasoning) {}
            List<Expect> wholes = new ArrayList<>();
            List<Expect> streams = new ArrayList<>();
            switch (c.dialect) {
                case OPENAI -> {
                    p.wire.path("chat").forEach(v -> wholes.add(new Expect(Script.json(200, body(v)), CONTENT, REASONING)));
                    p.wire.path("stream").forEach(v -> streams.add(new Expect(wireStream(v), CONTENT, REASONING)));
                }
                case GEMINI -> {
                    wholes.add(new Expect(geminiJson("thoughts.json"), "4", "The user asks for 2+2. That is simple arithmetic."));
                    streams.add(new Expect(geminiSse("thoughts.sse"), "4", "**Adding numbers**\n\nTwo plus two."));
                }
                case COMMANDCODE -> {
                    wholes.add(new Expect(ndjson("reasoning.ndjson"), "Hi!", REASONING));
                    streams.add(new Expect(ndjson("reasoning.ndjson"), "Hi!", REASONING));
                }
            }
            for (int i = 0; i < wholes.size(); i++) {
                Expect e = wholes.get(i);
                p.answer(e.whole());
                ChatCompletionMessage message = client.chat().completions()
                        .create(ask(pinned(c.reasoningModel), "hi")).choices().getFirst().message();
                assertThat(message.content()).as("chat variant " + i + " content").contains(e.content());
                assertThat(reasoningOf(message)).as("chat variant " + i + " reasoning_content of " + message)
                        .hasValueSatisfying(r -> assertThat(r.strip()).isEqualTo(e.reasoning()));
                // a raw "reasoning" string is renamed; reasoning_details and content_blocks stay by design
                // (docs/providers/README.md) so they can be sent back
                assertThat(message._additionalProperties()).as("raw reasoning field left").doesNotContainKey("reasoning");
            }
            for (int i = 0; i < streams.size(); i++) {
                Expect e = streams.get(i);
                p.answer(e.whole());
                Streamed s = Streamed.of(client, ask(pinned(c.reasoningModel), "hi"));
                assertThat(s.text()).as("stream variant " + i + " content").isEqualTo(e.content());
                assertThat(s.reasoning().strip()).as("stream variant " + i + " reasoning_content").isEqualTo(e.reasoning());
            }
        }
    }

    /** What one SDK stream delivered, read to its end. */
    record Streamed(String text, String reasoning, List<String> finishReasons, Map<Long, String> toolNames,
                    Map<Long, StringBuilder> toolArguments, Map<Long, String> toolIds, int usageChunks) {
        static Streamed of(OpenAIClient client, ChatCompletionCreateParams params) {
            StringBuilder text = new StringBuilder();
            StringBuilder reasoning = new StringBuilder();
            List<String> finish = new ArrayList<>();
            Map<Long, String> names = new TreeMap<>();
            Map<Long, StringBuilder> args = new TreeMap<>();
            Map<Long, String> ids = new TreeMap<>();
            int[] usage = {0};
            try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
                stream.stream().forEach(chunk -> {
                    if (chunk.usage().isPresent()) {
                        usage[0]++;
                    }
                    chunk.choices().forEach(choice -> {
                        ChatCompletionChunk.Choice.Delta delta = choice.delta();
                        delta.content().ifPresent(text::append);
                        JsonValue r = delta._additionalProperties().get("reasoning_content");
                        if (r != null) {
                            r.asString().ifPresent(reasoning::append);
                        }
                        delta.toolCalls().ifPresent(calls -> calls.forEach(tc -> {
                            tc.id().ifPresent(id -> ids.put(tc.index(), id));
                            tc.function().ifPresent(f -> {
                                f.name().ifPresent(n -> names.put(tc.index(), n));
                                f.arguments().ifPresent(a -> args.computeIfAbsent(tc.index(), k -> new StringBuilder()).append(a));
                            });
                        }));
                        choice.finishReason().ifPresent(f -> finish.add(f.asString()));
                    });
                });
            }
            return new Streamed(text.toString(), reasoning.toString(), finish, names, args, ids, usage[0]);
        }
    }
}
