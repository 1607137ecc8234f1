package dev.tollfree.core.adapter;

import static dev.tollfree.core.Fixtures.chat;
import static dev.tollfree.core.Fixtures.chatStream;
import static dev.tollfree.core.adapter.AdapterHarness.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollfree.core.catalog.Catalog;
import dev.tollfree.core.catalog.Limits;
import dev.tollfree.core.catalog.ModelSpec;
import dev.tollfree.core.catalog.ProviderSpec;
import dev.tollfree.core.routing.FailureClass;
import dev.tollfree.core.routing.FailureClassifier;
import dev.tollfree.testkit.FakeUpstream;
import dev.tollfree.testkit.FakeUpstreamExtension;
import dev.tollfree.testkit.Script;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Provider behaviours that need a live stream or must never reach the network. */
@ExtendWith(FakeUpstreamExtension.class)
@Timeout(20)
class ProviderQuirksTest {
    private static AdapterHarness h;

    @BeforeAll
    static void start() {
        h = new AdapterHarness();
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    private static ProviderSpec catalog(String id, FakeUpstream upstream) {
        ProviderSpec real = Catalog.builtIn().provider(id).orElseThrow();
        return real.withBaseUrl(upstream.baseUrl() + WireFixture.pathOf(real.baseUrl()));
    }

    private static ModelSpec model(String id, boolean free) {
        return new ModelSpec(id, id, 32768, 0, Set.of(), Limits.NONE, 50, 50, free, true, List.of());
    }

    private static String chunk(String content, String finish) {
        return "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + content
                + "\"},\"finish_reason\":" + (finish == null ? "null" : "\"" + finish + "\"") + "}]}";
    }

    private static String drainContent(UpstreamStream s, List<String> reasoning) {
        StringBuilder content = new StringBuilder();
        List<StreamItem.Chunk> all = new ArrayList<>(s.head());
        StreamItem item;
        while ((item = s.next()) instanceof StreamItem.Chunk c) {
            all.add(c);
        }
        assertThat(item).isInstanceOf(StreamItem.End.class);
        for (StreamItem.Chunk c : all) {
            var delta = c.json().path("choices").path(0).path("delta");
            content.append(delta.path("content").asString(""));
            reasoning.add(delta.path("reasoning_content").asString(""));
        }
        return content.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"openrouter", "kilo"})
    void freeRouteWithoutFreeSuffix_isRefusedUnsentAsRejectedRequest(String provider, FakeUpstream upstream) {
        ModelSpec paid = model("vendor/some-model", true);
        ProviderSpec p = catalog(provider, upstream);
        ChatResult result = h.adapter.complete(call(p, paid, AdapterHarness.bearer("k"), chat("auto", "hi")));
        StreamStart stream = h.adapter.openStream(call(p, paid, AdapterHarness.bearer("k"), chatStream("auto", "hi")));

        UpstreamError e = ((ChatResult.Failure) result).error();
        assertThat(FailureClassifier.classify(e)).isEqualTo(FailureClass.REJECTED_REQUEST);
        assertThat(e.summary()).contains("vendor/some-model", "':free'");
        assertThat(FailureClassifier.classify(((StreamStart.Failure) stream).error())).isEqualTo(FailureClass.REJECTED_REQUEST);
        assertThat(upstream.requestCount()).as("nothing was sent").isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"vendor/some-model:free", "openrouter/free"})
    void freeRouteWithFreeId_isSent(String id, FakeUpstream upstream) {
        upstream.enqueue(Script.chatCompletion(id, "ok"));
        ChatResult result = h.adapter.complete(call(catalog("openrouter", upstream), model(id, true), AdapterHarness.bearer("k"), chat("auto", "hi")));
        assertThat(result).isInstanceOf(ChatResult.Success.class);
    }

    @Test
    void paidRouteMarkedNotFree_isTheOperatorsChoiceAndIsSent(FakeUpstream upstream) {
        upstream.enqueue(Script.chatCompletion("openai/gpt-4o", "ok"));
        ChatResult result = h.adapter.complete(call(catalog("openrouter", upstream), model("openai/gpt-4o", false),
                AdapterHarness.bearer("k"), chat("auto", "hi")));
        assertThat(result).isInstanceOf(ChatResult.Success.class);
    }

    @Test
    void kiloStream_shortRealAnswerThatStartsLikeAVerdict_isCommittedAndRelayed(FakeUpstream upstream) {
        upstream.enqueue(Script.sse(List.of(chunk("", null), chunk("sa", null), chunk("fe and sound", null), chunk("", "stop"))));
        var start = h.adapter.openStream(call(catalog("kilo", upstream), model("z-ai/glm-5:free", true), Credential.ANONYMOUS, chatStream("auto", "hi")));
        try (UpstreamStream s = ((StreamStart.Started) start).stream()) {
            assertThat(drainContent(s, new ArrayList<>())).isEqualTo("safe and sound");
        }
    }

    @Test
    void kiloStream_answerShorterThanAVerdictThatEnds_isCommittedNotLost(FakeUpstream upstream) {
        upstream.enqueue(Script.sse(List.of(chunk("sa", null), chunk("", "stop"))));
        var start = h.adapter.openStream(call(catalog("kilo", upstream), model("z-ai/glm-5:free", true), Credential.ANONYMOUS, chatStream("auto", "hi")));
        assertThat(start).isInstanceOf(StreamStart.Started.class);
        try (UpstreamStream s = ((StreamStart.Started) start).stream()) {
            assertThat(drainContent(s, new ArrayList<>())).isEqualTo("sa");
        }
    }

    @Test
    void otherProviders_answerSafe_isAnAnswer(FakeUpstream upstream) {
        upstream.enqueue(Script.chatCompletion("m", "safe"));
        ChatResult result = h.adapter.complete(call(catalog("groq", upstream), model("m", true), AdapterHarness.bearer("k"), chat("auto", "is it safe?")));
        assertThat(result).isInstanceOf(ChatResult.Success.class);
    }

    @Test
    void stream_unclosedThinkBlockEndingWithoutFinishReason_isFlushedAsReasoningBeforeTheEnd(FakeUpstream upstream) {
        upstream.enqueue(Script.sse(List.of(chunk("<think>partial thought</th", null), chunk("", "length").replace("\"content\":\"\"", "\"content\":\"in\""))));
        var start = h.adapter.openStream(call(catalog("cloudflare", upstream), model("@cf/qwen/qwq-32b", true),
                new Credential(1, "t", java.util.Optional.of("acc")), chatStream("auto", "hi")));
        List<String> reasoning = new ArrayList<>();
        try (UpstreamStream s = ((StreamStart.Started) start).stream()) {
            assertThat(drainContent(s, reasoning)).isEmpty();
        }
        assertThat(String.join("", reasoning)).isEqualTo("partial thought</thin");
    }

    @Test
    void stream_heldTagStartWhenTheStreamEndsWithoutFinishReason_comesOutInAnExtraChunk(FakeUpstream upstream) {
        upstream.enqueue(Script.sse(List.of(chunk("Hi ", null).replace("Hi ", ""), chunk("<", null))));
        var start = h.adapter.openStream(call(catalog("groq", upstream), model("m", true), AdapterHarness.bearer("k"), chatStream("auto", "hi")));
        try (UpstreamStream s = ((StreamStart.Started) start).stream()) {
            assertThat(drainContent(s, new ArrayList<>())).isEqualTo("<");
        }
    }
}
